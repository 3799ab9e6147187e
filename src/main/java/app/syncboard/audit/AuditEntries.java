package app.syncboard.audit;

import app.syncboard.audit.AuditEvent.Outcome;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The {@code audit_event} table. Entries are added and read, never changed or deleted: there is no statement for it
 * here, and no other class touches the table.
 */
@Repository
class AuditEntries {

    static final int PAGE_SIZE = 50;

    /** Column sizes of V10__audit.sql: longer values are cut, with a mark, rather than refused. */
    static final int MAX_ACTOR = 200;

    static final int MAX_ADDRESS = 100;
    static final int MAX_ACTION = 100;
    static final int MAX_TARGET_TYPE = 50;
    static final int MAX_TARGET_ID = 100;
    static final int MAX_TARGET_NAME = 500;
    static final int MAX_REASON = 2000;
    static final int MAX_DETAILS = 16000;

    private final JdbcClient jdbc;

    AuditEntries(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void add(Instant at, AuditEvent event) {
        AuditEvent.Target target = event.target();
        jdbc.sql("INSERT INTO audit_event (occurred_at, actor, address, action, target_type, target_id, target_name,"
                        + " outcome, reason, details) VALUES (:at, :actor, :address, :action, :targetType, :targetId,"
                        + " :targetName, :outcome, :reason, :details)")
                .param("at", OffsetDateTime.ofInstant(at, ZoneOffset.UTC))
                .param("actor", line(event.actor() == null ? "(unknown)" : event.actor(), MAX_ACTOR))
                .param("address", line(event.address(), MAX_ADDRESS))
                .param("action", line(event.action(), MAX_ACTION))
                .param("targetType", target == null ? null : line(target.type(), MAX_TARGET_TYPE))
                .param("targetId", target == null ? null : line(target.id(), MAX_TARGET_ID))
                .param("targetName", target == null ? null : line(target.name(), MAX_TARGET_NAME))
                .param("outcome", event.outcome().name())
                .param("reason", line(event.reason(), MAX_REASON))
                .param("details", lines(event.details(), MAX_DETAILS))
                .update();
    }

    /**
     * One page of the entries that pass the filter, newest first, keyset-paged on the id: {@code before} gives the
     * page of entries older than that id, {@code after} the page of those newer than it, neither the newest page.
     */
    Page page(AuditFilter filter, Long before, Long after, int size) {
        Map<String, Object> params = new HashMap<>();
        params.put("limit", size + 1);
        String where = "1 = 1" + filter.conditions(params);
        boolean newer = before == null && after != null;
        if (newer) {
            where += " AND id > :after";
            params.put("after", after);
        } else if (before != null) {
            where += " AND id < :before";
            params.put("before", before);
        }
        List<AuditEntry> entries = new ArrayList<>(jdbc.sql("SELECT * FROM audit_event WHERE " + where + " ORDER BY id "
                        + (newer ? "ASC" : "DESC") + " LIMIT :limit")
                .params(params)
                .query(AuditEntries::entry)
                .list());
        boolean more = entries.size() > size;
        if (more) {
            entries.remove(entries.size() - 1);
        }
        if (newer) {
            Collections.reverse(entries);
        }
        if (entries.isEmpty()) {
            return new Page(entries, null, null);
        }
        long newestShown = entries.get(0).id();
        long oldestShown = entries.get(entries.size() - 1).id();
        Long olderThan = newer || more ? oldestShown : null;
        Long newerThan = newer ? (more ? newestShown : null) : (before != null ? newestShown : null);
        return new Page(entries, olderThan, newerThan);
    }

    /** Every entry that passes the filter, newest first, read in slices (for the CSV: no query holds them all). */
    void forEach(AuditFilter filter, int slice, Consumer<AuditEntry> each) {
        Long before = null;
        while (true) {
            Page page = page(filter, before, null, slice);
            page.entries().forEach(each);
            if (page.olderThan() == null) {
                return;
            }
            before = page.olderThan();
        }
    }

    /** Entries and the ids to page on from: null when there is nothing older or newer. */
    record Page(List<AuditEntry> entries, Long olderThan, Long newerThan) {}

    private static AuditEntry entry(ResultSet rs, int row) throws SQLException {
        return new AuditEntry(
                rs.getLong("id"),
                rs.getObject("occurred_at", OffsetDateTime.class).toInstant(),
                rs.getString("actor"),
                rs.getString("address"),
                rs.getString("action"),
                rs.getString("target_type"),
                rs.getString("target_id"),
                rs.getString("target_name"),
                Outcome.valueOf(rs.getString("outcome")),
                rs.getString("reason"),
                rs.getString("details"));
    }

    /** On one line (control characters dropped, breaks as {@code \n}), cut to the column's size. */
    static String line(String text, int max) {
        return text == null ? null : cut(Changes.oneLine(text), max);
    }

    /** Lines kept, other control characters dropped, cut to the column's size. */
    static String lines(String text, int max) {
        if (text == null) {
            return null;
        }
        List<String> kept = new ArrayList<>();
        for (String line : text.split("\n", -1)) {
            kept.add(Changes.oneLine(line));
        }
        return cut(String.join("\n", kept), max);
    }

    private static String cut(String text, int max) {
        if (text.length() <= max) {
            return text;
        }
        String mark = "… (cut)";
        int end = max - mark.length();
        if (Character.isHighSurrogate(text.charAt(end - 1))) {
            end--;
        }
        return text.substring(0, end) + mark;
    }
}
