package app.syncboard.runs;

import java.time.Duration;

/** Durations as people read them, in run messages and on every page. */
public final class Durations {

    private Durations() {}

    /** Compact: "42 s", "3 min 5 s", "2 h 5 min", "3 d 4 h"; empty for null. */
    public static String text(Duration duration) {
        if (duration == null) {
            return "";
        }
        if (duration.isNegative()) {
            return "0 s";
        }
        if (duration.compareTo(Duration.ofSeconds(1)) < 0) {
            return duration.toMillis() + " ms";
        }
        long s = duration.getSeconds();
        if (s < 60) {
            return s + " s";
        }
        if (s < 3600) {
            return (s / 60) + " min" + (s % 60 == 0 ? "" : " " + (s % 60) + " s");
        }
        if (s < 86400) {
            return (s / 3600) + " h" + ((s % 3600) / 60 == 0 ? "" : " " + ((s % 3600) / 60) + " min");
        }
        return (s / 86400) + " d" + ((s % 86400) / 3600 == 0 ? "" : " " + ((s % 86400) / 3600) + " h");
    }
}
