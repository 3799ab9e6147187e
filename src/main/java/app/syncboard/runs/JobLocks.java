package app.syncboard.runs;

import java.time.Instant;
import java.util.Optional;
import org.springframework.dao.DuplicateKeyException;
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

    /** Takes the job's lock for {@code runId}; when another run holds it, returns that run instead. */
    Optional<Holder> tryAcquire(long jobId, long runId, String node, Instant now) {
        try {
            jdbc.sql("INSERT INTO job_lock (job_id, run_id, node, acquired_at) VALUES (?, ?, ?, ?)")
                    .params(jobId, runId, node, java.sql.Timestamp.from(now))
                    .update();
            return Optional.empty();
        } catch (DuplicateKeyException held) {
            return jdbc.sql("SELECT run_id, node, acquired_at FROM job_lock WHERE job_id = ?")
                    .param(jobId)
                    .query((rs, row) -> new Holder(
                            rs.getLong(1), rs.getString(2), rs.getTimestamp(3).toInstant()))
                    .optional()
                    // Released between our insert and this read: report the race as an overlap all the same.
                    .or(() -> Optional.of(new Holder(runId, node, now)));
        }
    }

    void release(long jobId, long runId) {
        jdbc.sql("DELETE FROM job_lock WHERE job_id = ? AND run_id = ?")
                .params(jobId, runId)
                .update();
    }

    int releaseAllOf(String node) {
        return jdbc.sql("DELETE FROM job_lock WHERE node = ?").param(node).update();
    }
}
