package app.syncboard.runs;

import app.syncboard.audit.Audit;
import app.syncboard.audit.Audited;
import app.syncboard.hosts.Hops;
import app.syncboard.hosts.Pairs;
import app.syncboard.jobs.JobCatalog;
import app.syncboard.jobs.RsyncCommand;
import app.syncboard.jobs.SyncJob;
import app.syncboard.jobs.SyncJobs;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The job page (definition and run history), the run page with its live log, and the actions on them: "Sync now",
 * preview, pause and resume, cancel, approve a blocked run.
 */
@Controller
class RunController {

    private static final int NEXT_FIRE_TIMES = 5;
    private static final int LIVE_LINES = 500;
    private static final int SHOWN_LINES = 5000;
    private static final int TREND_SHORT = 30;
    private static final int TREND_LONG = 90;

    private final SyncJobs jobs;
    private final Pairs pairs;
    private final RunHistory history;
    private final RunLogs logs;
    private final RunLauncher launcher;
    private final JobCatalog catalog;
    private final Previews previews;
    private final BlockedPaths blockedPaths;
    private final LiveTail liveTail;
    private final Clock clock;

    RunController(
            SyncJobs jobs,
            Pairs pairs,
            RunHistory history,
            RunLogs logs,
            RunLauncher launcher,
            JobCatalog catalog,
            Previews previews,
            BlockedPaths blockedPaths,
            LiveTail liveTail,
            Clock clock) {
        this.liveTail = liveTail;
        this.catalog = catalog;
        this.previews = previews;
        this.blockedPaths = blockedPaths;
        this.jobs = jobs;
        this.pairs = pairs;
        this.history = history;
        this.logs = logs;
        this.launcher = launcher;
        this.clock = clock;
    }

    @GetMapping("/jobs/{id}")
    String job(
            @PathVariable long id,
            @RequestParam(required = false) List<String> status,
            @RequestParam(required = false) List<String> trigger,
            @RequestParam(required = false) String from,
            @RequestParam(required = false) String to,
            @RequestParam(required = false) Long before,
            @RequestParam(required = false) Long after,
            @RequestParam(defaultValue = "30") int trend,
            Model model) {
        SyncJob job = job(id);
        RunFilter filter =
                RunFilter.read(status, trigger, from, to, job.cronSchedule().zone());
        RunHistory.Page page = history.page(id, filter, before, after, RunHistory.PAGE_SIZE);
        model.addAttribute("job", job);
        model.addAttribute("pair", pairs.findById(job.pairId()).orElseThrow());
        try {
            model.addAttribute("command", RsyncCommand.display(launcher.commandsFor(job)));
        } catch (Hops.HopProblem e) {
            model.addAttribute("commandProblem", e.getMessage());
        }
        model.addAttribute("active", history.activeOfJob(id).orElse(null));
        model.addAttribute(
                "nextFireTimes",
                job.enabled() ? job.cronSchedule().nextFireTimes(clock.instant(), NEXT_FIRE_TIMES) : List.of());
        model.addAttribute("runs", page.runs());
        model.addAttribute("page", page);
        model.addAttribute("firstPage", before == null && after == null);
        model.addAttribute("filter", filter);
        String path = "/jobs/" + id;
        model.addAttribute("newestHref", link(path, filter, null, null));
        model.addAttribute(
                "olderHref", page.olderThan() == null ? null : link(path, filter, "before", page.olderThan()));
        model.addAttribute(
                "newerHref", page.newerThan() == null ? null : link(path, filter, "after", page.newerThan()));
        model.addAttribute("csvHref", link(path + "/runs.csv", filter, null, null));
        model.addAttribute("statuses", RunStatus.values());
        model.addAttribute("triggers", RunTrigger.values());
        int trendRuns = trend == TREND_LONG ? TREND_LONG : TREND_SHORT;
        List<Run> results = history.lastResults(id, trendRuns);
        model.addAttribute("trendRuns", trendRuns);
        model.addAttribute(
                "durationTrend",
                TrendChart.of(results, run -> run.duration(clock.instant()).toSeconds()));
        model.addAttribute("bytesTrend", TrendChart.of(results, RunController::bytesMoved));
        model.addAttribute("now", clock.instant());
        return "runs/job";
    }

    /** The job's runs that pass the filter, newest first, as CSV (RFC 4180), for spreadsheets and reports. */
    @GetMapping(value = "/jobs/{id}/runs.csv")
    ResponseEntity<StreamingResponseBody> csv(
            @PathVariable long id,
            @RequestParam(required = false) List<String> status,
            @RequestParam(required = false) List<String> trigger,
            @RequestParam(required = false) String from,
            @RequestParam(required = false) String to) {
        SyncJob job = job(id);
        RunFilter filter =
                RunFilter.read(status, trigger, from, to, job.cronSchedule().zone());
        if (!filter.problems().isEmpty()) {
            throw new ResponseStatusException(
                    HttpStatus.BAD_REQUEST, String.join(" ", filter.problems().values()));
        }
        return ResponseEntity.ok()
                .header(
                        HttpHeaders.CONTENT_DISPOSITION,
                        ContentDisposition.attachment()
                                .filename("syncboard-" + job.name() + "-runs.csv", StandardCharsets.UTF_8)
                                .build()
                                .toString())
                .contentType(new MediaType("text", "csv", StandardCharsets.UTF_8))
                .body(out -> RunsCsv.write(job, history, filter, out));
    }

    /** A link that keeps the filter, with one more parameter (when {@code key} is not null). */
    private static String link(String path, RunFilter filter, String key, Object value) {
        UriComponentsBuilder uri = UriComponentsBuilder.fromPath(path);
        filter.parameters().forEach((name, values) -> uri.queryParam(name, values.toArray()));
        if (key != null) {
            uri.queryParam(key, value);
        }
        return uri.encode().build().toUriString();
    }

    /** What rsync moved over the wire in a run: bytes sent plus received; null when it did not say. */
    private static Long bytesMoved(Run run) {
        RsyncStats stats = run.stats();
        if (stats == null || stats.bytesSent() == null || stats.bytesReceived() == null) {
            return null;
        }
        return stats.bytesSent() + stats.bytesReceived();
    }

    @PostMapping("/jobs/{id}/sync")
    @Audited(value = "run.sync-now", target = "job")
    String syncNow(@PathVariable long id, Principal user, RedirectAttributes redirect) {
        Run run = launcher.launch(id, RunTrigger.MANUAL, user.getName());
        if (run.status() == RunStatus.SKIPPED) {
            redirect.addFlashAttribute("notice", "Not started: " + run.message());
        }
        return "redirect:/runs/" + run.id();
    }

    @PostMapping("/jobs/{id}/pause")
    @Audited("job.pause")
    String pause(@PathVariable long id, Principal user, RedirectAttributes redirect) {
        catalog.pause(job(id), "Paused by " + user.getName() + ".");
        redirect.addFlashAttribute("notice", "Schedule paused: the job runs only when started by hand.");
        return "redirect:/jobs/" + id;
    }

    @PostMapping("/jobs/{id}/resume")
    @Audited("job.resume")
    String resume(@PathVariable long id, RedirectAttributes redirect) {
        catalog.resume(job(id));
        redirect.addFlashAttribute("notice", "Schedule resumed.");
        return "redirect:/jobs/" + id;
    }

    /** A dry run that lists what a run would create, update and delete, changing nothing. */
    @PostMapping("/jobs/{id}/preview")
    @Audited("job.preview")
    String preview(@PathVariable long id, Model model) {
        SyncJob job = job(id);
        model.addAttribute("job", job);
        model.addAttribute("preview", previews.of(job));
        return "runs/preview";
    }

    @PostMapping("/runs/{id}/approve")
    @Audited("run.approve")
    String approve(@PathVariable long id, Principal user, RedirectAttributes redirect) {
        try {
            Run run = launcher.approve(id, user.getName());
            if (run.status() == RunStatus.SKIPPED) {
                redirect.addFlashAttribute("notice", "Not started: " + run.message());
                return "redirect:/runs/" + id;
            }
            redirect.addFlashAttribute(
                    "notice", "Approved: run #" + run.id() + " carries out the deletions of run #" + id + ".");
            return "redirect:/runs/" + run.id();
        } catch (RunLauncher.ApprovalRefused e) {
            redirect.addFlashAttribute("notice", Audit.failed(e.getMessage()));
            return "redirect:/runs/" + id;
        }
    }

    @GetMapping("/jobs/{id}/delete")
    String confirmDelete(@PathVariable long id, Model model) {
        model.addAttribute("job", job(id));
        model.addAttribute("runCount", history.countOfJob(id));
        model.addAttribute("active", history.activeOfJob(id).orElse(null));
        return "runs/delete-job";
    }

    @PostMapping("/jobs/{id}/delete")
    @Audited("job.delete")
    String delete(@PathVariable long id, RedirectAttributes redirect) {
        SyncJob job = job(id);
        Optional<Run> active = launcher.deleteJob(id);
        if (active.isPresent()) {
            redirect.addFlashAttribute(
                    "notice",
                    Audit.failed("Not deleted: run #" + active.get().id()
                            + " of this job is going; delete it once it ended."));
            return "redirect:/jobs/" + id;
        }
        Audit.deleted(job);
        redirect.addFlashAttribute("notice", "Job \"" + job.name() + "\" and its run history deleted.");
        return "redirect:/";
    }

    @GetMapping("/runs/{id}")
    String run(@PathVariable long id, @RequestHeader(value = "HX-Request", required = false) String htmx, Model model) {
        Run run = history.find(id).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
        model.addAttribute("run", run);
        model.addAttribute("job", job(run.jobId()));
        if (htmx == null) {
            RunLogs.Shown shown = run.isActive()
                    ? logs.liveTail(id, LIVE_LINES)
                    : new RunLogs.Shown(
                            logs.tail(id, SHOWN_LINES, "\"Download log\" has the whole log")
                                    .orElse(""),
                            0);
            model.addAttribute("log", shown.text());
            model.addAttribute("lastLine", shown.lastLine());
        }
        model.addAttribute(
                "blocked",
                run.status() == RunStatus.BLOCKED ? blockedPaths.of(id).orElse(null) : null);
        model.addAttribute("stopping", run.isActive() && launcher.stopping(id));
        model.addAttribute("now", clock.instant());
        return htmx == null ? "runs/run" : "runs/run :: live";
    }

    /**
     * The run's new log lines as Server-Sent Events, after line {@code after} (or the {@code Last-Event-ID} the
     * browser sends when it reconnects): what the run page's log follows while the run goes.
     */
    @GetMapping(value = "/runs/{id}/live", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    SseEmitter live(
            @PathVariable long id,
            @RequestParam(defaultValue = "0") long after,
            @RequestHeader(value = "Last-Event-ID", required = false) String lastEventId,
            HttpMethod method,
            Principal user) {
        if (method == HttpMethod.HEAD) {
            // A stream without a body would hold a viewer's place for nothing.
            throw new ResponseStatusException(HttpStatus.METHOD_NOT_ALLOWED);
        }
        history.find(id).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
        long from = after;
        if (lastEventId != null && lastEventId.matches("\\d{1,18}")) {
            from = Long.parseLong(lastEventId);
        }
        return liveTail.follow(id, from, user.getName())
                .orElseThrow(() -> new ResponseStatusException(
                        HttpStatus.TOO_MANY_REQUESTS,
                        "Too many live logs are open; close some, or reload the page later."));
    }

    @PostMapping("/runs/{id}/cancel")
    @Audited("run.cancel")
    String cancel(@PathVariable long id, Principal user, RedirectAttributes redirect) {
        Run run = history.find(id).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
        if (!run.isActive()) {
            redirect.addFlashAttribute("notice", Audit.failed("Run #" + id + " has ended already; nothing to cancel."));
        } else if (launcher.stopping(id)) {
            redirect.addFlashAttribute(
                    "notice",
                    Audit.failed("Run #" + id
                            + " is stopping already; its clean-up steps (post-steps marked always) may still"
                            + " be going."));
        } else if (launcher.cancel(id, user.getName())) {
            redirect.addFlashAttribute("notice", "Cancelling run #" + id + ": rsync is being stopped.");
        } else {
            redirect.addFlashAttribute(
                    "notice",
                    Audit.failed("Run #" + id + " is not running on this node (" + run.node()
                            + " runs it); cancel it there."));
        }
        return "redirect:/runs/" + id;
    }

    @PostMapping("/runs/{id}/stop-cleanup")
    @Audited("run.stop-cleanup")
    String stopCleanup(@PathVariable long id, Principal user, RedirectAttributes redirect) {
        history.find(id).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
        redirect.addFlashAttribute(
                "notice",
                launcher.stopCleanup(id, user.getName())
                        ? "Stopping the clean-up steps of run #" + id + "."
                        : Audit.failed("Run #" + id + " has no clean-up steps going on this node."));
        return "redirect:/runs/" + id;
    }

    @GetMapping(value = "/runs/{id}/log", produces = MediaType.TEXT_PLAIN_VALUE)
    ResponseEntity<String> log(@PathVariable long id) {
        Run run = history.find(id).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
        return ResponseEntity.ok()
                .header(
                        HttpHeaders.CONTENT_DISPOSITION,
                        ContentDisposition.attachment()
                                .filename("syncboard-run-" + run.id() + ".log")
                                .build()
                                .toString())
                .contentType(new MediaType(MediaType.TEXT_PLAIN, StandardCharsets.UTF_8))
                .body(logs.text(id).orElse(""));
    }

    private SyncJob job(long id) {
        return jobs.findById(id).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
    }
}
