package app.syncboard.runs;

import app.syncboard.jobs.CronSchedule;
import app.syncboard.jobs.MissedRuns;
import app.syncboard.jobs.SyncJob;
import app.syncboard.jobs.SyncJobs;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Accounts for every fire time of a job's schedule exactly once: Quartz fired it (and a run was launched), or it
 * passed while syncboard was not running and is recorded as a MISSED run. {@code sync_job.schedule_seen_at} is the
 * latest fire time accounted for; both ways move it under the job's row lock, so they never both take one fire time.
 *
 * <p>A fire time counts as missed only once Quartz can no longer fire it: its misfire threshold (cron triggers skip
 * a fire time they are later than that for) plus a margin has passed.
 */
@Component
class FireTimeLedger {

    /** Fire times recorded one by one per pass; the rest in one summarising record. */
    static final int MAX_RECORDED = 100;

    /** How many fire times one pass counts before it stops counting (a seconds schedule after a long break). */
    static final int MAX_COUNTED = 100_000;

    private static final Duration MARGIN = Duration.ofSeconds(30);
    private static final int BATCH = 1_000;
    private static final Logger log = LoggerFactory.getLogger(FireTimeLedger.class);

    /** What a pass found: how many fire times it recorded as missed, and what the job does about them. */
    record Missed(long count, MissedRuns policy) {

        static final Missed NONE = new Missed(0, MissedRuns.SKIP);
    }

    private final SyncJobs jobs;
    private final Runs runs;
    private final JobLocks locks;
    private final RunSettings settings;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final Duration grace;

    FireTimeLedger(
            SyncJobs jobs,
            Runs runs,
            JobLocks locks,
            RunSettings settings,
            TransactionTemplate transactions,
            Clock clock,
            @Value("${spring.quartz.properties.org.quartz.jobStore.misfireThreshold:60000}")
                    long misfireThresholdMillis) {
        this.jobs = jobs;
        this.runs = runs;
        this.locks = locks;
        this.settings = settings;
        this.transactions = transactions;
        this.clock = clock;
        this.grace = Duration.ofMillis(misfireThresholdMillis).plus(MARGIN);
    }

    /**
     * Takes a fire time Quartz fired, recording as missed the earlier ones it skipped. Run it only when this says
     * so: false when the job is gone or its schedule is paused, and when the fire time was recorded as missed
     * already (Quartz fired it later than anyone expected).
     */
    boolean claim(long jobId, Instant fireTime) {
        Boolean run = transactions.execute(tx -> {
            Optional<SyncJob> found = lockedJob(jobId);
            if (found.isEmpty() || !found.get().enabled()) {
                log.warn("Schedule fired for job {}, which is gone or paused; nothing started", jobId);
                return false;
            }
            SyncJob job = found.get();
            Instant seen = job.scheduleSeenAt();
            if (seen != null && !fireTime.isAfter(seen)) {
                if (fireTime.equals(seen) || runs.missedCovers(jobId, fireTime)) {
                    log.warn("Fire time {} of job {} was accounted for already; nothing started", fireTime, jobId);
                    return false;
                }
                // Fired while a later fire time of the same schedule was taken first: it is no less due.
                return true;
            }
            if (seen != null) {
                Instant before = fireTime.minusMillis(1);
                Instant old = clock.instant().minus(grace);
                record(job, seen, before.isBefore(old) ? before : old);
            }
            jobs.markScheduleSeen(jobId, fireTime);
            return true;
        });
        return Boolean.TRUE.equals(run);
    }

    /**
     * Whether the job, as read a moment ago, has a fire time old enough to be missed and not accounted for: a check
     * without the row lock, so that a minute's pass over the jobs locks only those that need it.
     */
    boolean mayHaveMissed(SyncJob job) {
        if (job.scheduleSeenAt() == null) {
            return true;
        }
        List<Instant> next = job.cronSchedule().nextFireTimes(job.scheduleSeenAt(), 1);
        return !next.isEmpty() && !next.get(0).isAfter(clock.instant().minus(grace));
    }

    /** Records the job's fire times that Quartz can no longer fire and nobody took as MISSED runs. */
    Missed recordMissed(long jobId) {
        return transactions.execute(tx -> {
            Optional<SyncJob> found = lockedJob(jobId);
            if (found.isEmpty() || !found.get().enabled()) {
                return Missed.NONE;
            }
            SyncJob job = found.get();
            Instant now = clock.instant();
            if (job.scheduleSeenAt() == null) {
                // A job from before fire times were kept: nothing says what it missed.
                jobs.markScheduleSeen(jobId, now);
                return Missed.NONE;
            }
            Recorded recorded = record(job, job.scheduleSeenAt(), now.minus(grace));
            if (recorded.last() != null) {
                jobs.markScheduleSeen(jobId, recorded.last());
            }
            return new Missed(recorded.count(), job.missedRuns());
        });
    }

    private Optional<SyncJob> lockedJob(long jobId) {
        return locks.holdJob(jobId) ? jobs.findById(jobId) : Optional.empty();
    }

    /** @param last the latest fire time accounted for (or {@code until} after counting stopped), null for none */
    private record Recorded(long count, Instant last) {}

    /** Saves a MISSED run for each fire time in ({@code after}, {@code until}], up to the caps. */
    private Recorded record(SyncJob job, Instant after, Instant until) {
        CronSchedule schedule = job.cronSchedule();
        List<Instant> single = new ArrayList<>();
        long more = 0;
        Instant firstMore = null;
        Instant last = null;
        boolean countingStopped = false;
        Instant cursor = after;
        scan:
        while (cursor.isBefore(until)) {
            List<Instant> times = schedule.nextFireTimes(cursor, BATCH);
            for (Instant time : times) {
                if (time.isAfter(until)) {
                    break scan;
                }
                if (single.size() < MAX_RECORDED) {
                    single.add(time);
                } else {
                    firstMore = more == 0 ? time : firstMore;
                    more++;
                }
                last = time;
                if (single.size() + more >= MAX_COUNTED) {
                    countingStopped = true;
                    break scan;
                }
            }
            if (times.size() < BATCH) {
                break;
            }
            cursor = times.get(times.size() - 1);
        }
        if (last == null) {
            return new Recorded(0, null);
        }
        String node = settings.node();
        ZoneId zone = schedule.zone();
        List<Run> missed = new ArrayList<>();
        for (Instant time : single) {
            missed.add(missed(
                    job.id(),
                    node,
                    time,
                    time,
                    "Missed: syncboard was not running at " + text(time, zone) + " (" + zone.getId() + ")."));
        }
        if (more > 0) {
            Instant end = countingStopped ? until : last;
            missed.add(missed(
                    job.id(),
                    node,
                    firstMore,
                    end,
                    "Missed " + (countingStopped ? "at least " : "") + more + " more: syncboard was not running at"
                            + " the fire times from " + text(firstMore, zone) + " to " + text(end, zone) + " ("
                            + zone.getId() + ")."));
            last = end;
        }
        runs.saveAll(missed);
        log.warn(
                "Job {} missed {} fire time(s) from {} to {}: syncboard was not running",
                job.id(),
                single.size() + more,
                single.get(0),
                last);
        return new Recorded(single.size() + more, last);
    }

    private static Run missed(long jobId, String node, Instant from, Instant to, String message) {
        return new Run(
                null,
                jobId,
                RunStatus.MISSED,
                RunTrigger.SCHEDULE,
                "schedule",
                node,
                from,
                null,
                to,
                null,
                message,
                null);
    }

    /** As the job's zone shows it; with the offset where the clock fell back and the time occurred twice. */
    static String text(Instant time, ZoneId zone) {
        ZonedDateTime at = time.atZone(zone);
        String pattern = at.getSecond() == 0 ? "yyyy-MM-dd HH:mm" : "yyyy-MM-dd HH:mm:ss";
        String text = DateTimeFormatter.ofPattern(pattern, Locale.ROOT).format(at);
        boolean twice = zone.getRules().getValidOffsets(at.toLocalDateTime()).size() > 1;
        return twice ? text + " " + at.getOffset() : text;
    }
}
