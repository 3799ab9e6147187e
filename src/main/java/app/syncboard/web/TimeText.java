package app.syncboard.web;

import app.syncboard.runs.Durations;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.springframework.stereotype.Component;

/**
 * Times and durations as people read them, for the templates ({@code ${@timeText.age(instant)}}).
 * Instants are written in UTC; the browser rewrites {@code <time>} elements into the viewer's zone.
 */
@Component("timeText")
public class TimeText {

    private static final DateTimeFormatter UTC =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

    private final Clock clock;

    TimeText(Clock clock) {
        this.clock = clock;
    }

    public String utc(Instant instant) {
        return instant == null ? "" : UTC.format(instant);
    }

    /** In a given zone, for times that belong to a schedule: "2026-11-22 04:30 (Sun) Europe/Berlin". */
    public String inZone(Instant instant, String zone) {
        return instant == null
                ? ""
                : DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm (EEE) ").format(instant.atZone(ZoneId.of(zone))) + zone;
    }

    public String iso(Instant instant) {
        return instant == null ? "" : DateTimeFormatter.ISO_INSTANT.format(instant);
    }

    /** "3 min ago" style, from the injected clock; "just now" within the last second. */
    public String ago(Instant instant) {
        if (instant == null) {
            return "never";
        }
        Duration since = Duration.between(instant, clock.instant());
        return since.compareTo(Duration.ofSeconds(1)) < 0 ? "just now" : duration(since) + " ago";
    }

    /** "in 5 min" style. */
    public String until(Instant instant) {
        return instant == null ? "" : "in " + duration(Duration.between(clock.instant(), instant));
    }

    /** Compact: "42 s", "3 min 5 s", "2 h 5 min", "3 d 4 h". */
    public static String duration(Duration duration) {
        return Durations.text(duration);
    }

    public String format(Duration duration) {
        return duration(duration);
    }

    /** A number of seconds, as {@link #format(Duration)} writes it. */
    public String seconds(long seconds) {
        return duration(Duration.ofSeconds(seconds));
    }

    /** An age in whole seconds at the finest: "3 h 5 min old", "< 1 s old". */
    public String age(Duration age) {
        if (age == null) {
            return "";
        }
        return (age.compareTo(Duration.ofSeconds(1)) < 0 ? "< 1 s" : duration(age)) + " old";
    }
}
