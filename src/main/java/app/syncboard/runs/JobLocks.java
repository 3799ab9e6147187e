package app.syncboard.runs;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** One run per job at a time, across every node sharing the database: the lock is a row keyed by job. */
@Component
class JobLocks {

    record Holder(long runId, String node, Instant since, long jobId, String jobName) {}

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
        return holder.or(() -> Optional.of(new Holder(runId, node, now, jobId, "")));
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
        return jdbc.sql(HOLDER + " WHERE l.job_id = ?")
                .param(jobId)
                .query(JobLocks::holder)
                .optional();
    }

    private static final String HOLDER = "SELECT l.run_id, l.node, l.acquired_at, l.job_id, j.name"
            + " FROM job_lock l JOIN sync_job j ON j.id = l.job_id";

    private static Holder holder(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
        return new Holder(
                rs.getLong(1), rs.getString(2), rs.getTimestamp(3).toInstant(), rs.getLong(4), rs.getString(5));
    }

    /**
     * Locks the pair's row until the surrounding transaction ends, so that two jobs of a one-run-at-a-time pair
     * do not both see the other not running yet.
     */
    void holdPair(long pairId) {
        jdbc.sql("SELECT id FROM pair WHERE id = ? FOR UPDATE")
                .param(pairId)
                .query(Long.class)
                .optional();
    }

    /** A run of another job of the pair that holds its job's lock, if any. */
    Optional<Holder> otherOnPair(long pairId, long jobId) {
        return jdbc
                .sql(HOLDER + " WHERE j.pair_id = ? AND l.job_id <> ? ORDER BY l.acquired_at")
                .params(pairId, jobId)
                .query(JobLocks::holder)
                .list()
                .stream()
                .findFirst();
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
