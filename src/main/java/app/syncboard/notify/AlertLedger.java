package app.syncboard.notify;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * When each job's conditions were last sent ({@code notify_sent}), so that one is not repeated within
 * {@code syncboard.notify.repeat-after}. Claims are single statements, so two nodes checking for stale jobs at
 * the same moment send one notice between them.
 */
@Component
class AlertLedger {

    private final JdbcClient jdbc;

    AlertLedger(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Takes the right to send {@code alert} for the job now: true when it was never sent, or last sent before
     * {@code now - repeatAfter}; then it counts as sent at {@code now}.
     */
    boolean claim(long jobId, Alert alert, Instant now, Duration repeatAfter) {
        int renewed = jdbc.sql(
                        "UPDATE notify_sent SET sent_at = ? WHERE job_id = ? AND event_type = ? AND sent_at <= ?")
                .params(Timestamp.from(now), jobId, alert.name(), Timestamp.from(now.minus(repeatAfter)))
                .update();
        if (renewed > 0) {
            return true;
        }
        try {
            jdbc.sql("INSERT INTO notify_sent (job_id, event_type, sent_at) VALUES (?, ?, ?)")
                    .params(jobId, alert.name(), Timestamp.from(now))
                    .update();
            return true;
        } catch (DataIntegrityViolationException sentRecentlyOrJobGone) {
            // The row exists and is recent (a duplicate key), or the job was deleted meanwhile: nothing to send.
            return false;
        }
    }

    Optional<Instant> lastSent(long jobId, Alert alert) {
        return jdbc.sql("SELECT sent_at FROM notify_sent WHERE job_id = ? AND event_type = ?")
                .params(jobId, alert.name())
                .query((rs, n) -> rs.getTimestamp(1).toInstant())
                .optional();
    }

    /** Forgets the job's {@linkplain Alert#PROBLEMS problems} after a success; true when one had been sent. */
    boolean clearProblems(long jobId) {
        return jdbc.sql("DELETE FROM notify_sent WHERE job_id = ? AND event_type IN ('FAILED', 'BLOCKED', 'STALE')")
                        .param(jobId)
                        .update()
                > 0;
    }
}
