package app.syncboard.jobs;

import app.syncboard.jobs.TimeRules.InvalidTimeRule;
import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.time.format.TextStyle;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A weekly period in which no run may start, such as {@code Mon-Fri 08:00-17:59}: on each of {@code days} from
 * {@code from} to {@code to}, both to the whole minute as in a {@link StartWindow}. A period that crosses midnight
 * belongs to the day it starts on: {@code Fri 22:00-05:59} runs from Friday 22:00 to Saturday 05:59.
 */
public record Blackout(Set<DayOfWeek> days, LocalTime from, LocalTime to) {

    private static final Map<String, DayOfWeek> DAY_NAMES = dayNames();

    public Blackout {
        if (days.isEmpty()) {
            throw new IllegalArgumentException("a blackout needs at least one day");
        }
        days = Collections.unmodifiableSet(EnumSet.copyOf(days));
        from = Objects.requireNonNull(from, "from").truncatedTo(ChronoUnit.MINUTES);
        to = Objects.requireNonNull(to, "to").truncatedTo(ChronoUnit.MINUTES);
    }

    /**
     * Reads one blackout per line; blank lines are skipped.
     *
     * @throws InvalidTimeRule naming the line, with a message fit to show next to the field
     */
    public static List<Blackout> parseLines(String text) {
        if (text == null) {
            return List.of();
        }
        List<Blackout> blackouts = new ArrayList<>();
        List<String> lines = text.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            if (!lines.get(i).isBlank()) {
                try {
                    blackouts.add(parse(lines.get(i)));
                } catch (InvalidTimeRule e) {
                    throw new InvalidTimeRule("Line " + (i + 1) + ": " + e.getMessage());
                }
            }
        }
        return List.copyOf(blackouts);
    }

    private static final Pattern TIMES_START = Pattern.compile("(?<=^|\\s)[0-9]");

    /** Reads {@code [days] HH:mm-HH:mm}, where no days means every day. */
    static Blackout parse(String line) {
        String text = line.strip();
        // The times start with the first word that starts with a digit; the words before it name the days.
        Matcher start = TIMES_START.matcher(text);
        if (!start.find()) {
            throw new InvalidTimeRule("Add the times, such as Mon-Fri 08:00-17:59 (days are optional, times are not).");
        }
        String dayText = text.substring(0, start.start()).strip();
        String timeText = text.substring(start.start());
        StartWindow times = StartWindow.parse(timeText);
        Set<DayOfWeek> days = dayText.isEmpty() ? EnumSet.allOf(DayOfWeek.class) : days(dayText);
        return new Blackout(days, times.from(), times.to());
    }

    private static Set<DayOfWeek> days(String text) {
        Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
        for (String element : text.split(",", -1)) {
            String[] ends = element.split("-", -1);
            if (ends.length > 2) {
                throw new InvalidTimeRule(Typed.quoted(element) + " is not a day or a range of days such as Mon-Fri.");
            }
            DayOfWeek first = day(ends[0]);
            DayOfWeek last = ends.length == 2 ? day(ends[1]) : first;
            // Ranges may wrap past Sunday: Sat-Mon is Saturday, Sunday and Monday.
            for (DayOfWeek day = first; ; day = day.plus(1)) {
                days.add(day);
                if (day == last) {
                    break;
                }
            }
        }
        return days;
    }

    private static DayOfWeek day(String name) {
        DayOfWeek day = DAY_NAMES.get(name.strip().toLowerCase(Locale.ROOT));
        if (day == null) {
            String shown = name.strip().isEmpty() ? "A day is missing" : "Unknown day " + Typed.quoted(name);
            throw new InvalidTimeRule(shown + ": use Mon, Tue, Wed, Thu, Fri, Sat or Sun, or ranges such as Mon-Fri.");
        }
        return day;
    }

    private static Map<String, DayOfWeek> dayNames() {
        Map<String, DayOfWeek> names = new HashMap<>();
        for (DayOfWeek day : DayOfWeek.values()) {
            names.put(day.getDisplayName(TextStyle.SHORT, Locale.ENGLISH).toLowerCase(Locale.ROOT), day);
            names.put(day.getDisplayName(TextStyle.FULL, Locale.ENGLISH).toLowerCase(Locale.ROOT), day);
        }
        return Map.copyOf(names);
    }

    public boolean contains(ZonedDateTime time) {
        StartWindow times = times();
        LocalTime clock = time.toLocalTime();
        DayOfWeek day = time.getDayOfWeek();
        if (!times.crossesMidnight()) {
            return days.contains(day) && times.contains(clock);
        }
        // After midnight the period is the previous day's.
        boolean evening = !clock.isBefore(from);
        return evening ? days.contains(day) : days.contains(day.minus(1)) && times.contains(clock);
    }

    /** As parsed back by {@link #parseLines}: days in runs ({@code Mon-Fri}, {@code Sat,Sun}), none for every day. */
    public String text() {
        String times = times().text();
        return days.size() == 7 ? times : dayText() + " " + times;
    }

    private StartWindow times() {
        return new StartWindow(from, to);
    }

    private String dayText() {
        // Start at the run holding Monday, so that Sat-Mon stays one range rather than Mon,Sat,Sun.
        DayOfWeek start = DayOfWeek.MONDAY;
        while (days.contains(start) && days.contains(start.minus(1))) {
            start = start.minus(1);
        }
        List<String> parts = new ArrayList<>();
        int offset = 0;
        while (offset < 7) {
            DayOfWeek first = start.plus(offset);
            if (!days.contains(first)) {
                offset++;
                continue;
            }
            int length = 1;
            while (offset + length < 7 && days.contains(first.plus(length))) {
                length++;
            }
            String firstName = name(first);
            String lastName = name(first.plus(length - 1));
            parts.add(
                    switch (length) {
                        case 1 -> firstName;
                        case 2 -> firstName + "," + lastName;
                        default -> firstName + "-" + lastName;
                    });
            offset += length;
        }
        return String.join(",", parts);
    }

    private static String name(DayOfWeek day) {
        return day.getDisplayName(TextStyle.SHORT, Locale.ENGLISH);
    }
}
