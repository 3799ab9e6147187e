package app.syncboard.web;

import app.syncboard.hosts.Host;
import app.syncboard.hosts.Hosts;
import app.syncboard.hosts.Pair;
import app.syncboard.hosts.Pairs;
import app.syncboard.jobs.JobList;
import app.syncboard.jobs.SyncJob;
import app.syncboard.runbooks.Executions;
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

    private final JobList jobList;
    private final Pairs pairs;
    private final Hosts hosts;
    private final RunHistory history;
    private final Executions executions;
    private final Clock clock;

    DashboardController(
            JobList jobList, Pairs pairs, Hosts hosts, RunHistory history, Executions executions, Clock clock) {
        this.executions = executions;
        this.jobList = jobList;
        this.pairs = pairs;
        this.hosts = hosts;
        this.history = history;
        this.clock = clock;
    }

    /** The full page, or only the summary and rows when htmx refreshes them; jobs needing attention first. */
    @GetMapping("/")
    String dashboard(@RequestHeader(value = "HX-Request", required = false) String htmx, Model model) {
        Instant now = clock.instant();
        Map<Long, Pair> pairsById = pairs.findAll().stream().collect(Collectors.toMap(Pair::id, Function.identity()));
        Map<Long, RunHistory.Newest> newest = history.newestByJob();
        Map<Long, Run> active = history.activeByJob();
        List<DashboardRow> rows = jobList.byName().stream()
                .map(job -> row(job, pairsById.get(job.pairId()), newest.get(job.id()), active.get(job.id()), now))
                .sorted(Comparator.comparing((DashboardRow row) -> !row.needsAttention())
                        .thenComparing(row -> row.pair().name())
                        .thenComparing(row -> row.job().name()))
                .toList();
        model.addAttribute("rows", rows);
        model.addAttribute(
                "attention", rows.stream().filter(DashboardRow::needsAttention).count());
        model.addAttribute("paused", rows.stream().filter(DashboardRow::paused).count());
        model.addAttribute("pairCount", pairsById.size());
        // Pairs whose roles were switched and whose jobs wait for someone to confirm the way they copy now.
        List<Pair> unconfirmed = pairsById.values().stream()
                .filter(Pair::awaitsDirectionConfirmation)
                .sorted(Comparator.comparing(Pair::name))
                .toList();
        model.addAttribute("unconfirmed", unconfirmed);
        model.addAttribute(
                "hostNames",
                unconfirmed.isEmpty()
                        ? Map.of()
                        : hosts.findAll().stream().collect(Collectors.toMap(Host::id, Host::name)));
        // Failover runbooks under way (not rehearsals): everyone looking at the board should know.
        model.addAttribute(
                "failovers",
                executions.active().stream().filter(e -> !e.rehearsal()).toList());
        model.addAttribute("pairsById", pairsById);
        model.addAttribute("now", now);
        return htmx == null ? "web/dashboard" : "web/dashboard :: board";
    }

    private static DashboardRow row(SyncJob job, Pair pair, RunHistory.Newest newest, Run active, Instant now) {
        Run latest = newest == null ? null : newest.latest();
        Run lastResult = newest == null ? null : newest.lastResult();
        Run lastSuccess = newest == null ? null : newest.lastSuccess();
        return new DashboardRow(
                job,
                pair,
                lastResult,
                active,
                skippedSince(latest, lastResult),
                Freshness.of(job, lastSuccess, lastResult != null, now),
                nextRun(job, now));
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
