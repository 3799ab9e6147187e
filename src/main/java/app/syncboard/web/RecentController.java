package app.syncboard.web;

import app.syncboard.hosts.Pair;
import app.syncboard.hosts.Pairs;
import app.syncboard.jobs.JobList;
import app.syncboard.jobs.SyncJob;
import app.syncboard.runs.Run;
import app.syncboard.runs.RunHistory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * "Last 24 hours": every run of every job in the last night (or the last few days), on one page, grouped by pair,
 * failures first; with the jobs that had no run although their schedule said they should.
 */
@Controller
class RecentController {

    static final int DEFAULT_HOURS = 24;
    static final int MAX_HOURS = 7 * 24;
    /** The most runs one page shows (the newest); a window holding more says so. */
    static final int MAX_RUNS = 5000;

    private final JobList jobList;
    private final Pairs pairs;
    private final RunHistory history;
    private final Clock clock;

    RecentController(JobList jobList, Pairs pairs, RunHistory history, Clock clock) {
        this.jobList = jobList;
        this.pairs = pairs;
        this.history = history;
        this.clock = clock;
    }

    @GetMapping("/runs/recent")
    String recent(@RequestParam(defaultValue = "24") int hours, Model model) {
        int shownHours = Math.max(1, Math.min(MAX_HOURS, hours));
        Instant now = clock.instant();
        Instant since = now.minus(Duration.ofHours(shownHours));
        List<Run> recent = history.queuedSince(since, MAX_RUNS);
        Map<Long, List<Run>> runsByJob = recent.stream().collect(Collectors.groupingBy(Run::jobId));
        Map<Long, List<SyncJob>> jobsByPair = jobList.byName().stream().collect(Collectors.groupingBy(SyncJob::pairId));
        Map<Long, Pair> pairsById = pairs.findAll().stream().collect(Collectors.toMap(Pair::id, Function.identity()));
        List<RecentPair> groups = new ArrayList<>();
        jobsByPair.forEach((pairId, pairJobs) -> {
            List<RecentRow> rows = new ArrayList<>();
            for (SyncJob job : pairJobs) {
                List<Run> runs = runsByJob.getOrDefault(job.id(), List.of());
                if (runs.isEmpty()) {
                    rows.add(RecentRow.noRun(job, expectedBetween(job, since, now)));
                }
                runs.forEach(run -> rows.add(RecentRow.of(job, run)));
            }
            rows.sort(Comparator.comparing(RecentRow::rank)
                    .thenComparing(RecentRow::when, Comparator.nullsLast(Comparator.reverseOrder()))
                    .thenComparing(row -> row.job().name()));
            groups.add(new RecentPair(pairsById.get(pairId), rows));
        });
        groups.sort(Comparator.comparing(RecentPair::rank)
                .thenComparing(group -> group.pair().name()));
        model.addAttribute("groups", groups);
        model.addAttribute("hours", shownHours);
        model.addAttribute("capped", recent.size() == MAX_RUNS ? MAX_RUNS : null);
        model.addAttribute("since", since);
        model.addAttribute(
                "runCount", runsByJob.values().stream().mapToInt(List::size).sum());
        model.addAttribute("failedCount", count(groups, RecentRow.Rank.FAILED));
        model.addAttribute("attentionCount", count(groups, RecentRow.Rank.ATTENTION));
        model.addAttribute("now", now);
        return "web/recent";
    }

    /** Whether the job's schedule had a fire time in the window (so that having no run there is news). */
    private static boolean expectedBetween(SyncJob job, Instant since, Instant now) {
        return job.enabled()
                && job.cronSchedule().nextFireTimes(since, 1).stream().anyMatch(fire -> fire.isBefore(now));
    }

    private static long count(List<RecentPair> groups, RecentRow.Rank rank) {
        return groups.stream()
                .flatMap(group -> group.rows().stream())
                .filter(row -> row.rank() == rank)
                .count();
    }
}
