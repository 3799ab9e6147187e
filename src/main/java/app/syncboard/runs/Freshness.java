package app.syncboard.runs;

import app.syncboard.jobs.CronSchedule;
import app.syncboard.jobs.SyncJob;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * How old a job's newest good copy is, judged against its schedule: once the first scheduled run after the
 * last success is due (plus a grace for the run itself) without a newer success, the copy is LATE; once the
 * second is, it is STALE. A job without a schedule is judged by nothing but its age.
 */
public record Freshness(State state, Duration age, Instant dueBy) {

    public enum State {
        FRESH,
        LATE,
        STALE,
        /** There has never been a successful run, though a scheduled one had time to happen. */
        NONE,
        /** No successful run yet, and none was due yet: a new job waiting for its first run. */
        WAITING,
        /** The schedule is off: nothing says how old is too old. */
        UNSCHEDULED
    }

    static final Duration MIN_GRACE = Duration.ofMinutes(1);

    /** @param ranBefore whether any run of the job has ended: then a missing copy is missing, not awaited */
    public static Freshness of(SyncJob job, Run lastSuccess, boolean ranBefore, Instant now) {
        if (lastSuccess == null) {
            return ranBefore ? new Freshness(State.NONE, null, null) : firstCopy(job, now);
        }
        Duration age = Duration.between(lastSuccess.finishedAt(), now);
        if (!job.enabled()) {
            return new Freshness(State.UNSCHEDULED, age, null);
        }
        CronSchedule schedule = job.cronSchedule();
        List<Instant> due = schedule.nextFireTimes(lastSuccess.queuedAt(), 2);
        if (due.size() < 2) {
            return new Freshness(State.UNSCHEDULED, age, null);
        }
        Duration grace = grace(lastSuccess);
        Instant lateAt = due.get(0).plus(grace);
        if (now.isAfter(due.get(1).plus(grace))) {
            return new Freshness(State.STALE, age, lateAt);
        }
        if (now.isAfter(lateAt)) {
            return new Freshness(State.LATE, age, lateAt);
        }
        return new Freshness(State.FRESH, age, lateAt);
    }

    private static Freshness firstCopy(SyncJob job, Instant now) {
        if (!job.enabled()) {
            return new Freshness(State.UNSCHEDULED, null, null);
        }
        List<Instant> due = job.cronSchedule().nextFireTimes(job.createdAt(), 1);
        if (due.isEmpty()) {
            return new Freshness(State.UNSCHEDULED, null, null);
        }
        Instant dueBy = due.get(0).plus(MIN_GRACE);
        return new Freshness(now.isAfter(dueBy) ? State.NONE : State.WAITING, null, dueBy);
    }

    /** Time for a due run to finish: twice the last good run's duration, at least a minute. */
    private static Duration grace(Run lastSuccess) {
        Duration twice = lastSuccess.duration(lastSuccess.finishedAt()).multipliedBy(2);
        return twice.compareTo(MIN_GRACE) > 0 ? twice : MIN_GRACE;
    }

    public boolean needsAttention() {
        return state == State.LATE || state == State.STALE || state == State.NONE;
    }
}
