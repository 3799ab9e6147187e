package app.syncboard.runs;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.data.jdbc.repository.query.Modifying;
import org.springframework.data.jdbc.repository.query.Query;
import org.springframework.data.repository.ListCrudRepository;

interface Runs extends ListCrudRepository<Run, Long> {

    // The "of each job" questions go job by job (one index lookup each on sync_run (job_id, id) or
    // (job_id, status, id)) rather than grouping the whole table: with a million runs that is the difference
    // between a few milliseconds and a full index scan on every dashboard refresh.

    @Query("SELECT r.* FROM sync_job j JOIN sync_run r"
            + " ON r.id = (SELECT MAX(x.id) FROM sync_run x WHERE x.job_id = j.id)")
    List<Run> latestOfEachJob();

    @Query("SELECT r.* FROM sync_job j JOIN sync_run r"
            + " ON r.id = (SELECT MAX(x.id) FROM sync_run x WHERE x.job_id = j.id AND x.status = 'SUCCEEDED')")
    List<Run> lastSuccessOfEachJob();

    /** The newest run of each job that ran to an end (not queued, running, skipped or missed). */
    @Query("SELECT r.* FROM sync_job j JOIN sync_run r ON r.id = (SELECT x.id FROM sync_run x WHERE x.job_id = j.id"
            + " AND x.status NOT IN ('QUEUED', 'RUNNING', 'SKIPPED', 'MISSED') ORDER BY x.id DESC LIMIT 1)")
    List<Run> lastResultOfEachJob();

    @Query("SELECT * FROM sync_run WHERE status IN ('QUEUED', 'RUNNING')")
    List<Run> active();

    @Query("SELECT * FROM sync_run WHERE job_id = :jobId AND status IN ('QUEUED', 'RUNNING') ORDER BY id DESC LIMIT 1")
    Optional<Run> activeOfJob(long jobId);

    @Query("SELECT * FROM sync_run WHERE job_id = :jobId AND id < :beforeId ORDER BY id DESC LIMIT :limit")
    List<Run> pageOfJob(long jobId, long beforeId, int limit);

    long countByJobId(long jobId);

    @Query("SELECT * FROM sync_run WHERE node = :node AND status IN ('QUEUED', 'RUNNING')")
    List<Run> activeOnNode(String node);

    @Query("SELECT * FROM sync_run WHERE retry_due_at <= :now ORDER BY retry_due_at")
    List<Run> retriesDue(Instant now);

    /** Whether a MISSED record of the job covers the fire time (one fire time, or a summarised range of them). */
    @Query("SELECT COUNT(*) > 0 FROM sync_run WHERE job_id = :jobId AND status = 'MISSED'"
            + " AND queued_at <= :fireTime AND finished_at >= :fireTime")
    boolean missedCovers(long jobId, Instant fireTime);

    /** Clears the run's due retry; 1 for the node that gets to launch it, 0 for any other. */
    @Modifying
    @Query("UPDATE sync_run SET retry_due_at = NULL WHERE id = :id AND retry_due_at IS NOT NULL")
    int takeRetry(long id);

    /** Marks a BLOCKED run approved; 0 when it was approved already (by someone else a moment ago). */
    @Modifying
    @Query("UPDATE sync_run SET approved_by = :by, approved_run_id = :runId"
            + " WHERE id = :blockedId AND status = 'BLOCKED' AND approved_run_id IS NULL")
    int markApproved(long blockedId, String by, long runId);

    /** A run of the job after {@code afterId} that ran to an end (not skipped, missed or going). */
    @Query("SELECT id FROM sync_run WHERE job_id = :jobId AND id > :afterId"
            + " AND status NOT IN ('QUEUED', 'RUNNING', 'SKIPPED', 'MISSED') ORDER BY id LIMIT 1")
    Optional<Long> laterResult(long jobId, long afterId);

    @Modifying
    @Query("UPDATE sync_run SET retry_due_at = :at WHERE id = :id AND retry_due_at IS NOT NULL")
    int postponeRetry(long id, Instant at);

    /** Runs of the job after {@code afterId} that failed (for "consecutive failures" since the last success). */
    @Query("SELECT COUNT(*) FROM sync_run WHERE job_id = :jobId AND id > :afterId"
            + " AND status IN ('FAILED', 'TIMED_OUT', 'INTERRUPTED', 'BLOCKED')")
    long failuresAfter(long jobId, long afterId);

    @Query("SELECT * FROM sync_run WHERE job_id = :jobId AND status = 'SUCCEEDED' ORDER BY id DESC LIMIT 1")
    Optional<Run> lastSuccessOfJob(long jobId);

    @Query("SELECT * FROM sync_run WHERE job_id = :jobId"
            + " AND status NOT IN ('QUEUED', 'RUNNING', 'SKIPPED', 'MISSED') ORDER BY id DESC LIMIT 1")
    Optional<Run> lastResultOfJob(long jobId);

    @Query("SELECT * FROM sync_run WHERE job_id = :jobId"
            + " AND status NOT IN ('QUEUED', 'RUNNING', 'SKIPPED', 'MISSED') ORDER BY id DESC LIMIT :count")
    List<Run> lastResults(long jobId, int count);

    @Query("SELECT * FROM sync_run WHERE queued_at >= :since ORDER BY id")
    List<Run> queuedSince(Instant since);
}
