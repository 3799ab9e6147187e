package app.syncboard.monitoring;

import app.syncboard.hosts.Pair;
import app.syncboard.hosts.Pairs;
import app.syncboard.jobs.CronSchedule;
import app.syncboard.jobs.JobList;
import app.syncboard.jobs.SyncJob;
import app.syncboard.jobs.SyncJobs;
import app.syncboard.runs.Durations;
import app.syncboard.runs.Run;
import app.syncboard.runs.RunHistory;
import app.syncboard.runs.RunStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Judges every job the same way for Nagios, JSON, health and metrics. In order:
 *
 * <ol>
 *   <li>the last run that ended failed (FAILED, TIMED_OUT, INTERRUPTED, BLOCKED): CRITICAL; rsync's 24 (files
 *       vanished while copying) and a cancelled run: WARNING;
 *   <li>there never was a successful run: CRITICAL;
 *   <li>the newest good copy is older than the critical age: CRITICAL; than the warning age: WARNING;
 *   <li>a run has been going for longer than its time limit (or the warning age): WARNING;
 *   <li>the job's schedule or its pair is paused: WARNING with the reason, never OK;
 *   <li>otherwise OK.
 * </ol>
 *
 * The ages come from the request, else the job's own setting, else its schedule: one period plus a grace for the
 * warning, two periods plus the grace for critical; the grace is a twelfth of the period or twice the last good
 * run's duration, whichever is longer, and at least a minute.
 */
@Service
public class JobHealths {

    private static final Logger log = LoggerFactory.getLogger(JobHealths.class);
    static final Duration MIN_GRACE = Duration.ofMinutes(1);
    /** rsync's "some files vanished before they could be transferred": the copy is good but for those. */
    static final int VANISHED = 24;

    private final SyncJobs jobs;
    private final JobList jobList;
    private final Pairs pairs;
    private final RunHistory history;
    private final Clock clock;

    JobHealths(SyncJobs jobs, JobList jobList, Pairs pairs, RunHistory history, Clock clock) {
        this.jobs = jobs;
        this.jobList = jobList;
        this.pairs = pairs;
        this.history = history;
        this.clock = clock;
    }

    /** Every job, worst first, then by name. */
    public List<JobHealth> all(Thresholds asked) {
        Map<Long, Pair> pairsById = pairs.findAll().stream().collect(Collectors.toMap(Pair::id, Function.identity()));
        Map<Long, RunHistory.Newest> newest = history.newestByJob();
        Map<Long, Run> active = history.activeByJob();
        Map<Long, Long> failures = history.failuresSinceLastSuccessByJob();
        Instant now = clock.instant();
        return jobList.byName().stream()
                .map(job -> judge(
                        job,
                        pairsById.get(job.pairId()),
                        newest.containsKey(job.id()) ? newest.get(job.id()).lastSuccess() : null,
                        newest.containsKey(job.id()) ? newest.get(job.id()).lastResult() : null,
                        active.get(job.id()),
                        failures.getOrDefault(job.id(), 0L),
                        asked,
                        now))
                .sorted(Comparator.comparing((JobHealth h) -> -h.state().severity()))
                .toList();
    }

    /** The job named {@code nameOrId} (its name, or its number), or empty when there is none. */
    public Optional<JobHealth> of(String nameOrId, Thresholds asked) {
        Optional<SyncJob> job = jobs.findByName(nameOrId);
        if (job.isEmpty() && nameOrId.matches("[0-9]{1,18}")) {
            job = jobs.findById(Long.parseLong(nameOrId));
        }
        return job.map(found -> {
            Run lastSuccess = history.lastSuccessOfJob(found.id()).orElse(null);
            return judge(
                    found,
                    pairs.findById(found.pairId()).orElse(null),
                    lastSuccess,
                    history.lastResultOfJob(found.id()).orElse(null),
                    history.activeOfJob(found.id()).orElse(null),
                    history.failuresAfter(found.id(), lastSuccess == null ? null : lastSuccess.id()),
                    asked,
                    clock.instant());
        });
    }

    private JobHealth judge(
            SyncJob job,
            Pair pair,
            Run lastSuccess,
            Run lastResult,
            Run active,
            long failures,
            Thresholds asked,
            Instant now) {
        try {
            return judged(job, pair, lastSuccess, lastResult, active, failures, asked, now);
        } catch (RuntimeException e) {
            log.warn("Could not judge job {}", job.name(), e);
            return new JobHealth(
                    job.id(),
                    job.name(),
                    pair == null ? null : pair.name(),
                    SyncState.UNKNOWN,
                    "syncboard could not judge this job; see its log",
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    0,
                    active != null,
                    false);
        }
    }

    private JobHealth judged(
            SyncJob job,
            Pair pair,
            Run lastSuccess,
            Run lastResult,
            Run active,
            long failures,
            Thresholds asked,
            Instant now) {
        Thresholds ages = asked.or(new Thresholds(
                        job.monitor().warning().orElse(null),
                        job.monitor().critical().orElse(null)))
                .or(fromSchedule(job, lastSuccess, now));
        Duration age = lastSuccess == null ? null : Duration.between(lastSuccess.finishedAt(), now);
        boolean paused = !job.enabled() || (pair != null && pair.isPaused());
        Verdict verdict = verdict(job, pair, lastSuccess, lastResult, active, ages, age, paused, now);
        return new JobHealth(
                job.id(),
                job.name(),
                pair == null ? null : pair.name(),
                verdict.state(),
                verdict.reason(),
                lastSuccess == null ? null : lastSuccess.finishedAt(),
                lastResult == null ? null : lastResult.finishedAt(),
                age,
                ages.warning(),
                ages.critical(),
                lastResult == null ? null : lastResult.exitCode(),
                lastResult == null ? null : lastResult.duration(now),
                lastSuccess == null || lastSuccess.stats() == null ? null : transferred(lastSuccess),
                failures,
                active != null,
                paused);
    }

    private record Verdict(SyncState state, String reason) {}

    private static Verdict verdict(
            SyncJob job,
            Pair pair,
            Run lastSuccess,
            Run lastResult,
            Run active,
            Thresholds ages,
            Duration age,
            boolean paused,
            Instant now) {
        if (lastResult != null && lastResult.status() != RunStatus.SUCCEEDED) {
            String why = "last run " + lastResult.status().name().replace('_', ' ') + ended(lastResult, now)
                    + (lastResult.message() == null ? "" : ": " + lastResult.message());
            boolean mild = lastResult.status() == RunStatus.CANCELLED
                    || (lastResult.exitCode() != null && lastResult.exitCode() == VANISHED);
            return new Verdict(mild ? SyncState.WARNING : SyncState.CRITICAL, why);
        }
        if (lastSuccess == null) {
            return new Verdict(SyncState.CRITICAL, "no successful run yet");
        }
        String copy = "newest good copy " + Durations.text(age) + " old";
        if (ages.critical() != null && age.compareTo(ages.critical()) > 0) {
            return new Verdict(
                    SyncState.CRITICAL, copy + ", more than the critical " + Durations.text(ages.critical()));
        }
        if (ages.warning() != null && age.compareTo(ages.warning()) > 0) {
            return new Verdict(SyncState.WARNING, copy + ", more than the warning " + Durations.text(ages.warning()));
        }
        if (active != null && active.startedAt() != null) {
            Duration going = Duration.between(active.startedAt(), now);
            Duration longest = job.timeout().orElse(ages.warning());
            if (longest != null && going.compareTo(longest) > 0) {
                return new Verdict(
                        SyncState.WARNING,
                        "run #" + active.id() + " has been going for " + Durations.text(going) + ", longer than "
                                + Durations.text(longest));
            }
        }
        if (paused) {
            String reason = pair != null && pair.isPaused()
                    ? "pair " + pair.name() + " paused: " + pair.pausedReason()
                    : "schedule paused" + (job.pausedReason() == null ? "" : ": " + job.pausedReason());
            return new Verdict(SyncState.WARNING, reason + "; " + copy);
        }
        return new Verdict(SyncState.OK, copy);
    }

    private static String ended(Run run, Instant now) {
        return run.finishedAt() == null ? "" : " " + Durations.text(Duration.between(run.finishedAt(), now)) + " ago";
    }

    /** The ages a job's schedule gives, or none when it has no fire times to judge by. */
    static Thresholds fromSchedule(SyncJob job, Run lastSuccess, Instant now) {
        CronSchedule schedule;
        try {
            schedule = job.cronSchedule();
        } catch (RuntimeException e) {
            return Thresholds.NONE;
        }
        List<Instant> next = schedule.nextFireTimes(now, 2);
        if (next.size() < 2) {
            return Thresholds.NONE;
        }
        Duration period = Duration.between(next.get(0), next.get(1));
        Duration grace = period.dividedBy(12);
        if (lastSuccess != null && lastSuccess.startedAt() != null) {
            Duration twice = Duration.between(lastSuccess.startedAt(), lastSuccess.finishedAt())
                    .multipliedBy(2);
            grace = twice.compareTo(grace) > 0 ? twice : grace;
        }
        grace = grace.compareTo(MIN_GRACE) > 0 ? grace : MIN_GRACE;
        return new Thresholds(period.plus(grace), period.multipliedBy(2).plus(grace));
    }

    private static long transferred(Run run) {
        long sent = run.stats().bytesSent() == null ? 0 : run.stats().bytesSent();
        long received = run.stats().bytesReceived() == null ? 0 : run.stats().bytesReceived();
        return sent + received;
    }
}
