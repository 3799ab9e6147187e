package app.syncboard.jobs;

import java.time.Instant;

/** Published when a job's schedule fires; the runs module turns it into a run. */
public record SyncJobDue(long jobId, Instant scheduledFireTime) {}
