package app.syncboard.jobs;

import com.cronutils.mapper.CronMapper;
import com.cronutils.model.Cron;
import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.parser.CronParser;
import java.math.BigInteger;
import java.text.ParseException;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TimeZone;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.quartz.CronExpression;

/**
 * A job's schedule: a cron expression in a time zone. Accepts ordinary 5-field crontab lines
 * ({@code 30 4 * * 1-5}), the crontab nicknames ({@code @daily}, {@code @hourly}, ...) and Quartz's
 * 6/7-field form with seconds ({@code 0 30 4 ? * MON-FRI}); Quartz runs them all in its own form. Quartz's cron
 * trigger skips a time that a daylight-saving gap leaves out; {@link #nextFireTimes} counts it at the time after the
 * jump that {@link #gapFireTimes} gives, and {@link JobSchedules} fires it there with a trigger of its own.
 */
public record CronSchedule(String expression, ZoneId zone, String quartzExpression) {

    /** Longer than any daylight-saving or other gap in the tz database (Samoa skipped one day in 2011). */
    private static final Duration LONGEST_GAP = Duration.ofDays(2);

    /** How far {@link #nextFireTimes} looks for gap fire times once Quartz's own end; Quartz stops at 100 years. */
    private static final int GAP_SEARCH_YEARS = 100;

    private static final CronParser UNIX = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));

    private static final Map<String, String> NICKNAMES = Map.of(
            "@yearly", "0 0 1 1 *",
            "@annually", "0 0 1 1 *",
            "@monthly", "0 0 1 * *",
            "@weekly", "0 0 * * 0",
            "@daily", "0 0 * * *",
            "@midnight", "0 0 * * *",
            "@hourly", "0 * * * *");

    /** Zone ids by their lower-case spelling, so that "utc" or "europe/berlin" are understood. */
    private static final Map<String, String> ZONES = ZoneId.getAvailableZoneIds().stream()
            .collect(Collectors.toMap(id -> id.toLowerCase(Locale.ROOT), id -> id, (a, b) -> a));

    /** The five crontab fields in order, as cron-utils' UNIX definition accepts them. */
    private static final List<Field> FIELDS = List.of(
            new Field("minute", 0, 59, "", List.of()),
            new Field("hour", 0, 23, "", List.of()),
            new Field("day of month", 1, 31, "", List.of()),
            new Field("month", 1, 12, "", List.of("JAN FEB MAR APR MAY JUN JUL AUG SEP OCT NOV DEC".split(" "))),
            new Field("day of week", 0, 7, " (0 and 7 are Sunday)", List.of("SUN MON TUE WED THU FRI SAT".split(" "))));

    /** A day-of-week range ending in 7 (Sunday), which Quartz does not know. */
    private static final Pattern RANGE_TO_SEVEN = Pattern.compile("([0-9]+)-7");

    /** One element of a comma-separated list: {@code *} or a value or range, then an optional step. */
    private static final Pattern ELEMENT =
            Pattern.compile("(?:\\*|([0-9]+|[A-Za-z]+)(?:-([0-9]+|[A-Za-z]+))?)(?:/([0-9]+))?");

    /**
     * Parses a schedule as typed by a user.
     *
     * @throws InvalidSchedule with a message fit to show next to the field
     */
    public static CronSchedule parse(String expression, String zone) {
        CronSchedule schedule = stored(expression, zone);
        if (schedule.nextFireTimes(Instant.now(), 1).isEmpty()) {
            throw new InvalidSchedule("This schedule never fires (no such date, or only in the past).");
        }
        return schedule;
    }

    /** A schedule as saved earlier: it may have fired for the last time since (a year-bound Quartz expression). */
    static CronSchedule stored(String expression, String zone) {
        String key = expression + '\n' + zone;
        CronSchedule known = PARSED.get(key);
        if (known != null) {
            return known;
        }
        CronSchedule parsed = new CronSchedule(expression.strip(), zoneOf(zone), toQuartz(expression));
        if (PARSED.size() >= MAX_PARSED) {
            PARSED.clear();
        }
        PARSED.put(key, parsed);
        return parsed;
    }

    /**
     * Schedules parsed before, by expression and zone: a page of 1,000 jobs asks each job for its schedule, and parsing
     * was most of its time. Schedules are values, so sharing them is safe; the bound keeps typed garbage from piling up.
     */
    private static final Map<String, CronSchedule> PARSED = new ConcurrentHashMap<>();

    private static final int MAX_PARSED = 10_000;

    /** The machine's zone, as people write it ("UTC" rather than "Etc/UTC"): the default for new jobs. */
    public static String systemZone() {
        String zone = ZoneId.systemDefault().getId();
        return zone.equals("Etc/UTC") || zone.equals("Etc/UCT") || zone.equals("UCT") ? "UTC" : zone;
    }

    public static ZoneId zoneOf(String zone) {
        if (zone == null || zone.isBlank()) {
            throw new InvalidSchedule("Enter a time zone, such as Europe/Berlin or UTC.");
        }
        try {
            return ZoneId.of(ZONES.getOrDefault(zone.strip().toLowerCase(Locale.ROOT), zone.strip()));
        } catch (DateTimeException e) {
            throw new InvalidSchedule(
                    "Unknown time zone " + Typed.quoted(zone) + "; use a region name such as Europe/Berlin or UTC.");
        }
    }

    static String toQuartz(String expression) {
        if (expression == null || expression.isBlank()) {
            throw new InvalidSchedule("Enter a cron expression, such as \"30 4 * * *\" or @daily.");
        }
        String text = expression.strip();
        if (text.startsWith("@")) {
            String unix = NICKNAMES.get(text.toLowerCase(Locale.ROOT));
            if (unix == null) {
                throw new InvalidSchedule("Unknown nickname " + Typed.quoted(text)
                        + "; use @yearly, @monthly, @weekly, @daily or @hourly (@reboot is not supported).");
            }
            text = unix;
        }
        String[] parts = text.split("\\s+");
        int fields = parts.length;
        if (fields == 5) {
            for (int i = 0; i < fields; i++) {
                FIELDS.get(i).check(parts[i]);
            }
            if (!parts[2].equals("*") && !parts[4].equals("*")) {
                // cron runs when either matches; Quartz can only require one of them.
                throw new InvalidSchedule("Set the day of month or the day of week to *: a schedule that names both"
                        + " (cron runs on either) is not supported; use two jobs instead.");
            }
            parts[4] = dayOfWeekAsNumbers(parts[4]);
            text = String.join(" ", parts);
            try {
                Cron unix = UNIX.parse(text).validate();
                return CronMapper.fromUnixToQuartz().map(unix).asString();
            } catch (IllegalArgumentException e) {
                String reason = String.valueOf(e.getMessage()).replaceFirst("^Failed to parse cron expression\\. ", "");
                throw new InvalidSchedule("Not a valid crontab expression: " + reason);
            }
        }
        if (fields == 6 || fields == 7) {
            try {
                new CronExpression(text);
                return text;
            } catch (ParseException e) {
                throw new InvalidSchedule("Not a valid Quartz cron expression: " + e.getMessage());
            }
        }
        throw new InvalidSchedule("A cron expression has 5 fields (minute hour day-of-month month day-of-week),"
                + " or 6 to 7 in Quartz form with seconds first; this one has " + fields + ".");
    }

    /**
     * Day-of-week names as numbers (SUN=0) and ranges ending in 7 (Sunday) split in two, since cron-utils reads
     * SUN as 7 and maps {@code 0-7} to Sunday alone.
     */
    private static String dayOfWeekAsNumbers(String field) {
        String numeric = field.toUpperCase(Locale.ROOT);
        List<String> names = FIELDS.get(4).names();
        for (int day = 0; day < names.size(); day++) {
            numeric = numeric.replace(names.get(day), Integer.toString(day));
        }
        List<String> elements = new ArrayList<>();
        for (String element : numeric.split(",")) {
            Matcher range = RANGE_TO_SEVEN.matcher(element);
            if (range.matches()) {
                int from = Integer.parseInt(range.group(1));
                elements.add(from == 0 ? "0-6" : from == 7 ? "0" : from + "-6,0");
            } else {
                elements.add(element.equals("7") ? "0" : element);
            }
        }
        return String.join(",", elements);
    }

    /**
     * The next {@code count} fire times strictly after {@code after}: those of Quartz's cron trigger and the
     * {@linkplain #gapFireTimes gap fire times} it skips, in order.
     */
    public List<Instant> nextFireTimes(Instant after, int count) {
        if (count < 1) {
            return List.of();
        }
        List<Instant> times = cronTriggerFireTimes(after, count);
        // Once Quartz's times run out (a year-bound expression), a gap may still hold one.
        Instant until = times.size() < count
                ? after.atZone(zone).plusYears(GAP_SEARCH_YEARS).toInstant()
                : times.get(count - 1);
        times.addAll(gapFireTimes(after, until));
        return times.stream().sorted().limit(count).toList();
    }

    /** The next {@code count} times Quartz's own cron trigger fires strictly after {@code after}. */
    List<Instant> cronTriggerFireTimes(Instant after, int count) {
        CronExpression cron = quartz(TimeZone.getTimeZone(zone));
        List<Instant> times = new ArrayList<>(count);
        Date cursor = Date.from(after);
        while (times.size() < count) {
            cursor = cron.getNextValidTimeAfter(cursor);
            if (cursor == null) {
                break;
            }
            times.add(cursor.toInstant());
        }
        return times;
    }

    /**
     * The runs Quartz's cron trigger skips, strictly after {@code after} and not after {@code until}: wall-clock times
     * the expression names inside a daylight-saving gap (02:30 on the night Berlin goes from 02:00 to 03:00), each
     * where java.time puts it, as long after the jump as it was set after the gap's start (03:30), unless the cron
     * trigger fires then anyway (03:00 for an hourly job). Quartz's CronExpression looks for the wall-clock time in
     * the zone, finds none and moves on to the next day.
     */
    List<Instant> gapFireTimes(Instant after, Instant until) {
        ZoneRules rules = zone.getRules();
        List<Instant> times = new ArrayList<>();
        CronExpression wallClock = null;
        CronExpression cronTrigger = null;
        // A gap that began before after may still hold times that land after it.
        ZoneOffsetTransition transition = rules.nextTransition(after.minus(LONGEST_GAP));
        while (transition != null && !transition.getInstant().isAfter(until)) {
            if (transition.isGap()) {
                if (wallClock == null) {
                    // Evaluated in UTC, which has no gaps, the expression matches wall-clock times as written.
                    wallClock = quartz(TimeZone.getTimeZone(ZoneOffset.UTC));
                    cronTrigger = quartz(TimeZone.getTimeZone(zone));
                }
                Instant gapEnd = transition.getDateTimeAfter().toInstant(ZoneOffset.UTC);
                Date wall = Date.from(
                        transition.getDateTimeBefore().toInstant(ZoneOffset.UTC).minusSeconds(1));
                while ((wall = wallClock.getNextValidTimeAfter(wall)) != null
                        && wall.toInstant().isBefore(gapEnd)) {
                    // The wall-clock time read with the offset before the jump: 02:30+01:00, that is 03:30+02:00.
                    Instant time = LocalDateTime.ofInstant(wall.toInstant(), ZoneOffset.UTC)
                            .toInstant(transition.getOffsetBefore());
                    if (time.isAfter(after) && !time.isAfter(until) && !cronTrigger.isSatisfiedBy(Date.from(time))) {
                        times.add(time);
                    }
                }
                if (wall == null) {
                    break; // the expression names no later time at all
                }
            }
            transition = rules.nextTransition(transition.getInstant());
        }
        return times;
    }

    private CronExpression quartz(TimeZone timeZone) {
        try {
            CronExpression cron = new CronExpression(quartzExpression);
            cron.setTimeZone(timeZone);
            return cron;
        } catch (ParseException e) {
            throw new IllegalStateException("validated cron expression no longer parses: " + quartzExpression, e);
        }
    }

    /**
     * A crontab field, checked before cron-utils sees it so that errors name the field in words.
     *
     * @param note said after the range, such as which numbers mean Sunday
     * @param names the words allowed besides numbers, in order (JAN to DEC, SUN to SAT)
     */
    private record Field(String name, int min, int max, String note, List<String> names) {

        void check(String text) {
            for (String element : text.split(",", -1)) {
                Matcher m = ELEMENT.matcher(element);
                if (!m.matches()) {
                    throw notValid(text);
                }
                checkValue(text, m.group(1));
                checkValue(text, m.group(2));
                if (m.group(3) != null && !within(m.group(3), 1, max)) {
                    throw new InvalidSchedule("The step (after /) in the " + name + " must be between 1 and " + max
                            + " (got " + m.group(3) + ").");
                }
            }
        }

        private void checkValue(String text, String value) {
            if (value == null) {
                return;
            }
            if (Character.isLetter(value.charAt(0))) {
                if (!names.contains(value.toUpperCase(Locale.ROOT))) {
                    throw notValid(text);
                }
            } else if (!within(value, min, max)) {
                String words = names.isEmpty() ? "" : " or " + namesRange();
                throw new InvalidSchedule("The " + name + " must be between " + min + " and " + max + note + words
                        + " (got " + value + ").");
            }
        }

        private InvalidSchedule notValid(String text) {
            String words = names.isEmpty() ? "" : "names (" + namesRange() + "), ";
            return new InvalidSchedule("The " + name + " " + Typed.quoted(text) + " is not valid: use numbers, " + words
                    + "ranges (1-5), lists (1,3), steps (*/15) or *.");
        }

        private String namesRange() {
            return names.get(0) + "-" + names.get(names.size() - 1);
        }

        private static boolean within(String digits, int low, int high) {
            BigInteger n = new BigInteger(digits);
            return n.compareTo(BigInteger.valueOf(low)) >= 0 && n.compareTo(BigInteger.valueOf(high)) <= 0;
        }
    }

    public static final class InvalidSchedule extends IllegalArgumentException {
        InvalidSchedule(String message) {
            super(message);
        }
    }
}
