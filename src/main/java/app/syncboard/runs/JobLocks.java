package app.syncboard.runs;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** One run per job at a time, across every node sharing the database: the lock is a row keyed by job. */
@Component
class JobLocks {

    record Holder(long runId, String node, Instant since) {}

    private final JdbcClient jdbc;

    JobLocks(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Locks the job's row until the surrounding transaction ends (launch and deletion take it, so they do not
     * interleave).
     *
     * @return false when there is no such job
     */
    boolean holdJob(long jobId) {
        return jdbc.sql("SELECT id FROM sync_job WHERE id = ? FOR UPDATE")
                .param(jobId)
                .query(Long.class)
                .optional()
                .isPresent();
    }

    /**
     * Takes the job's lock for {@code runId}; when another run holds it, returns that run instead.
     * A lock whose run has already finished (its node lost the database at the wrong moment) is taken over.
     */
    Optional<Holder> tryAcquire(long jobId, long runId, String node, Instant now) {
        if (insert(jobId, runId, node, now)) {
            return Optional.empty();
        }
        Optional<Holder> holder = holder(jobId);
        if (holder.isPresent() && !runIsActive(holder.get().runId())) {
            release(jobId, holder.get().runId());
            if (insert(jobId, runId, node, now)) {
                return Optional.empty();
            }
            holder = holder(jobId);
        }
        // Released between our insert and the read: report the race as an overlap all the same.
        return holder.or(() -> Optional.of(new Holder(runId, node, now)));
    }

    // ON CONFLICT instead of catching the duplicate key: on PostgreSQL a failed insert would abort a
    // surrounding transaction. H2 accepts the clause in PostgreSQL mode.
    private boolean insert(long jobId, long runId, String node, Instant now) {
        return jdbc.sql("INSERT INTO job_lock (job_id, run_id, node, acquired_at) VALUES (?, ?, ?, ?)"
                                + " ON CONFLICT DO NOTHING")
                        .params(jobId, runId, node, Timestamp.from(now))
                        .update()
                == 1;
    }

    private Optional<Holder> holder(long jobId) {
        return jdbc.sql("SELECT run_id, node, acquired_at FROM job_lock WHERE job_id = ?")
                .param(jobId)
                .query((rs, row) -> new Holder(
                        rs.getLong(1), rs.getString(2), rs.getTimestamp(3).toInstant()))
                .optional();
    }

    private boolean runIsActive(long runId) {
        return jdbc.sql("SELECT COUNT(*) FROM sync_run WHERE id = ? AND status IN ('QUEUED', 'RUNNING')")
                        .param(runId)
                        .query(Long.class)
                        .single()
                > 0;
    }

    void release(long jobId, long runId) {
        jdbc.sql("DELETE FROM job_lock WHERE job_id = ? AND run_id = ?")
                .params(jobId, runId)
                .update();
    }

    int releaseAllOf(String node) {
        return jdbc.sql("DELETE FROM job_lock WHERE node = ?").param(node).update();
    }

    int releaseAll() {
        return jdbc.sql("DELETE FROM job_lock").update();
    }
}
