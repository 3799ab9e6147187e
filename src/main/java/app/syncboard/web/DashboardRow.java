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

    public boolean needsAttention() {
        return failed() || freshness.needsAttention() || skipped != null;
    }
}
