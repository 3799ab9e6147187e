package app.syncboard.audit;

import app.syncboard.audit.AuditEvent.Outcome;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which entries to show: by one actor (exactly as recorded), by action (the name or its beginning: {@code run.} is
 * every run action), by outcome, between two days (both included, UTC, as the page shows times). Read from the page's
 * form; what cannot be read is reported by field and left out.
 */
record AuditFilter(
        String actor, String action, Outcome outcome, LocalDate from, LocalDate to, Map<String, String> problems) {

    static final AuditFilter NONE = new AuditFilter(null, null, null, null, null, Map.of());

    static final int MAX_TEXT = 200;

    static AuditFilter read(String actor, String action, String outcome, String from, String to) {
        Map<String, String> problems = new LinkedHashMap<>();
        Outcome parsedOutcome = null;
        if (outcome != null && !outcome.isBlank()) {
            try {
                parsedOutcome = Outcome.valueOf(outcome.strip());
            } catch (IllegalArgumentException e) {
                problems.put("outcome", "Not an outcome: choose SUCCESS, DENIED or FAILED.");
            }
        }
        LocalDate fromDay = day(from, "from", problems);
        LocalDate toDay = day(to, "to", problems);
        if (fromDay != null && toDay != null && toDay.isBefore(fromDay)) {
            problems.put("to", "The last day comes before the first (" + fromDay + ").");
            toDay = null;
        }
        return new AuditFilter(
                text(actor, "actor", problems),
                text(action, "action", problems),
                parsedOutcome,
                fromDay,
                toDay,
                Map.copyOf(problems));
    }

    private static String text(String value, String field, Map<String, String> problems) {
        if (value == null || value.isBlank()) {
            return null;
        }
        if (value.length() > MAX_TEXT) {
            problems.put(field, "Use at most " + MAX_TEXT + " characters.");
            return null;
        }
        return value.strip();
    }

    private static LocalDate day(String text, String field, Map<String, String> problems) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            LocalDate day = LocalDate.parse(text.strip());
            if (day.getYear() < 1970 || day.getYear() > 9999) {
                problems.put(field, "Choose a day between the years 1970 and 9999.");
                return null;
            }
            return day;
        } catch (DateTimeParseException e) {
            problems.put(field, "Not a day as 2026-11-21.");
            return null;
        }
    }

    public boolean isEmpty() {
        return actor == null && action == null && outcome == null && from == null && to == null;
    }

    /** The filter as query parameters, for links that keep it (paging, CSV). */
    Map<String, List<String>> parameters() {
        Map<String, List<String>> parameters = new LinkedHashMap<>();
        if (actor != null) {
            parameters.put("actor", List.of(actor));
        }
        if (action != null) {
            parameters.put("action", List.of(action));
        }
        if (outcome != null) {
            parameters.put("outcome", List.of(outcome.name()));
        }
        if (from != null) {
            parameters.put("from", List.of(from.toString()));
        }
        if (to != null) {
            parameters.put("to", List.of(to.toString()));
        }
        return parameters;
    }

    /** The SQL conditions, each starting with {@code AND}, and their named parameters. */
    String conditions(Map<String, Object> params) {
        List<String> conditions = new ArrayList<>();
        if (actor != null) {
            conditions.add("actor = :actor");
            params.put("actor", actor);
        }
        if (action != null) {
            conditions.add("action LIKE :action ESCAPE '!'");
            params.put("action", action.replace("!", "!!").replace("%", "!%").replace("_", "!_") + "%");
        }
        if (outcome != null) {
            conditions.add("outcome = :outcome");
            params.put("outcome", outcome.name());
        }
        if (from != null) {
            conditions.add("occurred_at >= :from");
            params.put("from", Timestamp.from(start(from)));
        }
        if (to != null) {
            conditions.add("occurred_at < :to");
            params.put("to", Timestamp.from(start(to.plusDays(1))));
        }
        return conditions.stream().map(condition -> " AND " + condition).reduce("", String::concat);
    }

    private static Instant start(LocalDate day) {
        return day.atStartOfDay(ZoneOffset.UTC).toInstant();
    }
}
