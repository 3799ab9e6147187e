package app.syncboard.web;

import app.syncboard.hosts.Pair;
import app.syncboard.jobs.SyncJob;
import app.syncboard.runs.Freshness;
import app.syncboard.runs.Run;
import app.syncboard.runs.RunStatus;
import java.time.Instant;

/**
 * One job on the dashboard: how its last run ended, whether one is going now, and how old its newest good
 * copy is against its schedule.
 *
 * @param lastResult the newest run that ran to an end (skipped triggers left out), or null
 * @param active the run queued or going now, or null
 * @param skipped the newest trigger when it was skipped after the last result, or null
 */
public record DashboardRow(
        SyncJob job, Pair pair, Run lastResult, Run active, Run skipped, Freshness freshness, Instant nextRun) {

    public boolean failed() {
        return lastResult != null && lastResult.status() != RunStatus.SUCCEEDED;
    }

    /**
     * A failure always counts; an ageing copy or a skipped trigger not while the pair is paused, since that is what
     * the pause does.
     */
    public boolean needsAttention() {
        return failed() || (!pair.isPaused() && (freshness.needsAttention() || skipped != null));
    }

    /** The pair is paused (nothing of it runs) or the job's schedule is (it runs only by hand). */
    public boolean paused() {
        return pair.isPaused() || !job.enabled();
    }

    public boolean pairPaused() {
        return pair.isPaused();
    }

    /** Why it is paused, as the row says it; null when it is not. */
    public String pausedReason() {
        if (pair.isPaused()) {
            return "The pair " + pair.name() + " is paused: " + pair.pausedReason();
        }
        if (!job.enabled()) {
            return job.pausedReason() == null ? "The schedule is paused." : "Schedule paused: " + job.pausedReason();
        }
        return null;
    }

    /** Since when it is paused, when known. */
    public Instant pausedSince() {
        return pair.isPaused() ? pair.pausedAt() : job.enabled() ? null : job.pausedAt();
    }
}
