package app.syncboard.monitoring;

import java.time.Duration;
import java.time.Instant;

/**
 * How a job is doing: its state and why ({@code reason}, a short sentence), with the figures behind it.
 *
 * @param age how old the newest good copy is, null when there is none
 * @param warningAfter the age from which the copy is WARNING, null when the job has no schedule to judge by
 * @param criticalAfter the age from which the copy is CRITICAL, null likewise
 * @param lastExitCode rsync's exit code of the last run that ended, null when none or it had none
 * @param lastDuration how long the last run that ended took
 * @param transferredBytes bytes sent and received by the last successful run
 * @param consecutiveFailures failed runs since the last success
 */
public record JobHealth(
        long jobId,
        String job,
        String pair,
        SyncState state,
        String reason,
        Instant lastSuccessAt,
        Instant lastCompletionAt,
        Duration age,
        Duration warningAfter,
        Duration criticalAfter,
        Integer lastExitCode,
        Duration lastDuration,
        Long transferredBytes,
        long consecutiveFailures,
        boolean running,
        boolean paused) {}
