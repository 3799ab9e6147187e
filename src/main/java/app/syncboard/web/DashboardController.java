package app.syncboard.web;

import app.syncboard.hosts.Pair;
import app.syncboard.hosts.Pairs;
import app.syncboard.jobs.SyncJob;
import app.syncboard.jobs.SyncJobs;
import app.syncboard.runs.Freshness;
import app.syncboard.runs.Run;
import app.syncboard.runs.RunHistory;
import app.syncboard.runs.RunStatus;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;

@Controller
class DashboardController {

    private final SyncJobs jobs;
    private final Pairs pairs;
    private final RunHistory history;
    private final Clock clock;

    DashboardController(SyncJobs jobs, Pairs pairs, RunHistory history, Clock clock) {
        this.jobs = jobs;
        this.pairs = pairs;
        this.history = history;
        this.clock = clock;
    }

    /** The full page, or only the summary and rows when htmx refreshes them; jobs needing attention first. */
    @GetMapping("/")
    String dashboard(@RequestHeader(value = "HX-Request", required = false) String htmx, Model model) {
        Instant now = clock.instant();
        Map<Long, Pair> pairsById = pairs.findAll().stream().collect(Collectors.toMap(Pair::id, Function.identity()));
        Map<Long, Run> latest = history.latestByJob();
        Map<Long, Run> lastResult = history.lastResultByJob();
        Map<Long, Run> lastSuccess = history.lastSuccessByJob();
        Map<Long, Run> active = history.activeByJob();
        List<DashboardRow> rows = jobs.findAllByOrderByName().stream()
                .map(job -> new DashboardRow(
                        job,
                        pairsById.get(job.pairId()),
                        lastResult.get(job.id()),
                        active.get(job.id()),
                        skippedSince(latest.get(job.id()), lastResult.get(job.id())),
                        Freshness.of(job, lastSuccess.get(job.id()), lastResult.containsKey(job.id()), now),
                        nextRun(job, now)))
                .sorted(Comparator.comparing((DashboardRow row) -> !row.needsAttention())
                        .thenComparing(row -> row.pair().name())
                        .thenComparing(row -> row.job().name()))
                .toList();
        model.addAttribute("rows", rows);
        model.addAttribute(
                "attention", rows.stream().filter(DashboardRow::needsAttention).count());
        model.addAttribute("paused", rows.stream().filter(DashboardRow::paused).count());
        model.addAttribute("pairCount", pairsById.size());
        model.addAttribute("now", now);
        return htmx == null ? "web/dashboard" : "web/dashboard :: board";
    }

    /**
     * The newest trigger, when it was skipped or missed after the last result ended (not while that run was
     * going).
     */
    static Run skippedSince(Run latest, Run lastResult) {
        boolean skipped =
                latest != null && (latest.status() == RunStatus.SKIPPED || latest.status() == RunStatus.MISSED);
        return skipped && (lastResult == null || latest.queuedAt().isAfter(lastResult.finishedAt())) ? latest : null;
    }

    private static Instant nextRun(SyncJob job, Instant now) {
        if (!job.enabled()) {
            return null;
        }
        return job.cronSchedule().nextFireTimes(now, 1).stream().findFirst().orElse(null);
    }
}
