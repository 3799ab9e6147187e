package app.syncboard.runs;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.springframework.data.jdbc.repository.query.Modifying;
import org.springframework.data.jdbc.repository.query.Query;
import org.springframework.data.repository.ListCrudRepository;

interface Runs extends ListCrudRepository<Run, Long> {

    /** The runs queued or going now: few, found by the index on status. */
    @Query("SELECT * FROM sync_run WHERE status IN ('QUEUED', 'RUNNING')")
    List<Run> active();

    /** The job's run queued or going now, taken from {@link #active()} (an index on the job would read its history). */
    default Optional<Run> activeOfJob(long jobId) {
        return active().stream().filter(run -> run.jobId() == jobId).max(Comparator.comparingLong(Run::id));
    }

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
            + " AND status NOT IN ('QUEUED', 'RUNNING', 'SKIPPED', 'MISSED') ORDER BY job_id, id LIMIT 1")
    Optional<Long> laterResult(long jobId, long afterId);

    @Modifying
    @Query("UPDATE sync_run SET retry_due_at = :at WHERE id = :id AND retry_due_at IS NOT NULL")
    int postponeRetry(long id, Instant at);

    /** The newest runs queued at or after {@code since}, at most {@code limit}, newest first. */
    @Query("SELECT * FROM sync_run WHERE queued_at >= :since ORDER BY queued_at DESC LIMIT :limit")
    List<Run> queuedSince(Instant since, int limit);
}
