package app.syncboard.runs;

import app.syncboard.jobs.Typed;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which runs of a job's history to show: any of some statuses, any of some triggers, queued between two days
 * (both included, in the job's time zone). Read from the history page's filter form; what cannot be read is
 * reported by field and left out of the filter.
 */
public record RunFilter(
        Set<RunStatus> statuses,
        Set<RunTrigger> triggers,
        LocalDate from,
        LocalDate to,
        ZoneId zone,
        Map<String, String> problems) {

    public static final RunFilter NONE = new RunFilter(
            EnumSet.noneOf(RunStatus.class), EnumSet.noneOf(RunTrigger.class), null, null, null, Map.of());

    /** The filter the form's fields give; {@code problems} says, by field name, what could not be read. */
    public static RunFilter read(List<String> status, List<String> trigger, String from, String to, ZoneId zone) {
        Map<String, String> problems = new LinkedHashMap<>();
        Set<RunStatus> statuses = EnumSet.noneOf(RunStatus.class);
        for (String name : status == null ? List.<String>of() : status) {
            try {
                statuses.add(RunStatus.valueOf(name));
            } catch (IllegalArgumentException e) {
                problems.put("status", "Not a run status: " + Typed.quoted(name) + ".");
            }
        }
        Set<RunTrigger> triggers = EnumSet.noneOf(RunTrigger.class);
        for (String name : trigger == null ? List.<String>of() : trigger) {
            try {
                triggers.add(RunTrigger.valueOf(name));
            } catch (IllegalArgumentException e) {
                problems.put("trigger", "Not a trigger: " + Typed.quoted(name) + ".");
            }
        }
        LocalDate fromDay = day(from, "from", problems);
        LocalDate toDay = day(to, "to", problems);
        if (fromDay != null && toDay != null && toDay.isBefore(fromDay)) {
            problems.put("to", "The last day comes before the first (" + fromDay + ").");
            toDay = null;
        }
        return new RunFilter(statuses, triggers, fromDay, toDay, zone, Map.copyOf(problems));
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
            problems.put(field, "Not a day as 2026-11-21: " + Typed.quoted(text) + ".");
            return null;
        }
    }

    public boolean isEmpty() {
        return statuses.isEmpty() && triggers.isEmpty() && from == null && to == null;
    }

    /** The first instant a run may be queued at, or null. */
    Instant queuedFrom() {
        return from == null ? null : from.atStartOfDay(zone).toInstant();
    }

    /** The instant a run must be queued before, or null. */
    Instant queuedBefore() {
        return to == null ? null : to.plusDays(1).atStartOfDay(zone).toInstant();
    }

    /** The filter as query parameters, for links that keep it (paging, CSV). */
    public Map<String, List<String>> parameters() {
        Map<String, List<String>> parameters = new LinkedHashMap<>();
        if (!statuses.isEmpty()) {
            parameters.put("status", statuses.stream().map(Enum::name).toList());
        }
        if (!triggers.isEmpty()) {
            parameters.put("trigger", triggers.stream().map(Enum::name).toList());
        }
        if (from != null) {
            parameters.put("from", List.of(from.toString()));
        }
        if (to != null) {
            parameters.put("to", List.of(to.toString()));
        }
        return parameters;
    }

    /** The SQL conditions on runs {@code x} (after {@code x.job_id = :jobId}) and their named parameters. */
    String conditions(Map<String, Object> params) {
        List<String> conditions = new ArrayList<>();
        if (!statuses.isEmpty()) {
            conditions.add("x.status IN (:statuses)");
            params.put("statuses", statuses.stream().map(Enum::name).toList());
        }
        if (!triggers.isEmpty()) {
            conditions.add("x.trigger_type IN (:triggers)");
            params.put("triggers", triggers.stream().map(Enum::name).toList());
        }
        if (from != null) {
            conditions.add("x.queued_at >= :queuedFrom");
            params.put("queuedFrom", java.sql.Timestamp.from(queuedFrom()));
        }
        if (to != null) {
            conditions.add("x.queued_at < :queuedBefore");
            params.put("queuedBefore", java.sql.Timestamp.from(queuedBefore()));
        }
        return conditions.stream().map(condition -> " AND " + condition).reduce("", String::concat);
    }
}
