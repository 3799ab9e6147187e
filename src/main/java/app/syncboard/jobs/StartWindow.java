package app.syncboard.jobs;

import app.syncboard.jobs.TimeRules.InvalidTimeRule;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The times of day at which a job's run may start, such as {@code 04:00-04:59}. Both ends count to the whole minute:
 * 04:59:59 is inside, so {@code 04:00-04:00} is the one minute from 04:00:00. A start later than the end crosses
 * midnight ({@code 22:00-05:59}). Blackouts write their times the same way.
 */
public record StartWindow(LocalTime from, LocalTime to) {

    private static final Pattern RANGE = Pattern.compile("\\s*([^-\\s]+)\\s*-\\s*([^-\\s]+)\\s*");
    private static final Pattern TIME = Pattern.compile("([0-9]{1,2}):([0-9]{2})");
    private static final DateTimeFormatter HH_MM = DateTimeFormatter.ofPattern("HH:mm", Locale.ROOT);

    public StartWindow {
        from = Objects.requireNonNull(from, "from").truncatedTo(ChronoUnit.MINUTES);
        to = Objects.requireNonNull(to, "to").truncatedTo(ChronoUnit.MINUTES);
    }

    /**
     * Reads {@code HH:mm-HH:mm}; spaces around the dash and single-digit hours ({@code 4:00}) are fine.
     *
     * @throws InvalidTimeRule with a message fit to show next to the field
     */
    public static StartWindow parse(String text) {
        if (text == null || text.isBlank()) {
            throw new InvalidTimeRule("Enter two times with a dash, such as 04:00-04:59.");
        }
        Matcher range = RANGE.matcher(text);
        if (!range.matches()) {
            throw new InvalidTimeRule(
                    "Write two times with a dash, such as 04:00-04:59 (got " + Typed.quoted(text) + ").");
        }
        return new StartWindow(time(range.group(1)), time(range.group(2)));
    }

    private static LocalTime time(String text) {
        Matcher time = TIME.matcher(text);
        if (!time.matches()) {
            throw new InvalidTimeRule(Typed.quoted(text) + " is not a time: write hours and minutes, such as 04:30.");
        }
        int hour = Integer.parseInt(time.group(1));
        int minute = Integer.parseInt(time.group(2));
        if (hour > 23 || minute > 59) {
            throw new InvalidTimeRule(Typed.quoted(text) + " is not a time of day: use 00:00 to 23:59.");
        }
        return LocalTime.of(hour, minute);
    }

    public boolean contains(LocalTime time) {
        LocalTime minute = time.truncatedTo(ChronoUnit.MINUTES);
        boolean afterStart = !minute.isBefore(from);
        boolean beforeEnd = !minute.isAfter(to);
        return crossesMidnight() ? afterStart || beforeEnd : afterStart && beforeEnd;
    }

    boolean crossesMidnight() {
        return from.isAfter(to);
    }

    public String text() {
        return HH_MM.format(from) + "-" + HH_MM.format(to);
    }
}
