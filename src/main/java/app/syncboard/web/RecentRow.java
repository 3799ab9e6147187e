package app.syncboard.web;

import app.syncboard.jobs.SyncJob;
import app.syncboard.runs.Run;
import java.time.Instant;

/**
 * One line of the "last 24 hours" page: a run of a job, or a job without a run in the window.
 *
 * @param run the run, or null when the job had none
 * @param expected for a job without a run: its schedule had a fire time in the window
 */
public record RecentRow(SyncJob job, Run run, boolean expected) {

    /** The order of the page: failures, then what else wants a look, runs going, good runs, quiet jobs. */
    public enum Rank {
        FAILED,
        ATTENTION,
        GOING,
        SUCCEEDED,
        QUIET
    }

    static RecentRow of(SyncJob job, Run run) {
        return new RecentRow(job, run, false);
    }

    static RecentRow noRun(SyncJob job, boolean expected) {
        return new RecentRow(job, null, expected);
    }

    public Rank rank() {
        if (run == null) {
            return expected ? Rank.ATTENTION : Rank.QUIET;
        }
        return switch (run.status()) {
            case FAILED, TIMED_OUT, INTERRUPTED, BLOCKED -> Rank.FAILED;
            case SKIPPED, MISSED, CANCELLED -> Rank.ATTENTION;
            case QUEUED, RUNNING -> Rank.GOING;
            case SUCCEEDED -> Rank.SUCCEEDED;
        };
    }

    /** When the run started (or was queued); null for a job without a run. */
    public Instant when() {
        return run == null ? null : run.startedAt() == null ? run.queuedAt() : run.startedAt();
    }

    public boolean failed() {
        return rank() == Rank.FAILED;
    }

    public boolean attention() {
        return rank() == Rank.ATTENTION;
    }
}
