package app.syncboard.notify;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** What was delivered, what failed and what was held back as a repeat ({@code notify_log}), for the settings page. */
@Component
class NotificationLog {

    static final int MAX_SUBJECT = 300;
    static final int MAX_DETAIL = 1000;

    enum Outcome {
        SENT,
        FAILED,
        SUPPRESSED
    }

    /**
     * One line of the log; {@code event} is an {@link Alert}'s name or TEST, {@code targetId} null for a notice held
     * back before it reached any target.
     */
    record Entry(
            long id,
            Instant occurredAt,
            String event,
            Long jobId,
            Long runId,
            Long targetId,
            Outcome outcome,
            String subject,
            String detail) {

        /** "FAILOVER STARTED", as the page shows it. */
        public String title() {
            return event.replace('_', ' ');
        }
    }

    private final JdbcClient jdbc;

    NotificationLog(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void record(Notice notice, Long targetId, Outcome outcome, String detail, Instant at) {
        jdbc.sql("INSERT INTO notify_log (occurred_at, event_type, job_id, run_id, target_id, outcome, subject, detail)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
                .params(
                        Timestamp.from(at),
                        notice.event(),
                        notice.jobId(),
                        notice.runId(),
                        targetId,
                        outcome.name(),
                        clip(notice.subject(), MAX_SUBJECT),
                        clip(detail, MAX_DETAIL))
                .update();
    }

    List<Entry> recent(int limit) {
        return jdbc.sql("SELECT * FROM notify_log ORDER BY id DESC LIMIT ?")
                .param(limit)
                .query(NotificationLog::entry)
                .list();
    }

    List<Entry> ofRun(long runId) {
        return jdbc.sql("SELECT * FROM notify_log WHERE run_id = ? ORDER BY id")
                .param(runId)
                .query(NotificationLog::entry)
                .list();
    }

    /** The newest delivery to each target, by target id. */
    Map<Long, Entry> lastByTarget() {
        Map<Long, Entry> last = new LinkedHashMap<>();
        jdbc.sql("SELECT l.* FROM notify_log l JOIN (SELECT target_id, MAX(id) AS id FROM notify_log"
                        + " WHERE target_id IS NOT NULL GROUP BY target_id) newest ON l.id = newest.id")
                .query(NotificationLog::entry)
                .list()
                .forEach(entry -> last.put(entry.targetId(), entry));
        return last;
    }

    int deleteBefore(Instant cutoff) {
        return jdbc.sql("DELETE FROM notify_log WHERE occurred_at < ?")
                .param(Timestamp.from(cutoff))
                .update();
    }

    private static Entry entry(ResultSet rs, int row) throws SQLException {
        return new Entry(
                rs.getLong("id"),
                rs.getTimestamp("occurred_at").toInstant(),
                rs.getString("event_type"),
                rs.getObject("job_id", Long.class),
                rs.getObject("run_id", Long.class),
                rs.getObject("target_id", Long.class),
                Outcome.valueOf(rs.getString("outcome")),
                rs.getString("subject"),
                rs.getString("detail"));
    }

    private static String clip(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }
}
