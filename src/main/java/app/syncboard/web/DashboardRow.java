package app.syncboard.web;

import app.syncboard.hosts.Pair;
import app.syncboard.jobs.SyncJob;
import app.syncboard.runs.Run;
import app.syncboard.runs.RunStatus;
import java.time.Duration;
import java.time.Instant;

/** One job on the dashboard: how its last run went and how old its newest good copy is. */
public record DashboardRow(SyncJob job, Pair pair, Run lastRun, Run lastSuccess, Instant nextRun, Instant now) {

    /** Age of the newest good copy: time since the last successful run finished; null when there is none. */
    public Duration age() {
        return lastSuccess == null ? null : Duration.between(lastSuccess.finishedAt(), now);
    }

    /** The colour class of the row's status: the last run's status, or NEVER_RAN. */
    public String state() {
        return lastRun == null ? "NEVER_RAN" : lastRun.status().name();
    }

    public boolean running() {
        return lastRun != null && lastRun.status() == RunStatus.RUNNING;
    }
}
