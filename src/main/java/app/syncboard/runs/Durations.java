package app.syncboard.runs;

import java.time.Duration;

/** Durations as people say them in messages: "90 s", "5 min", "2 h 30 min". */
final class Durations {

    private Durations() {}

    static String text(Duration duration) {
        long seconds = duration.toSeconds();
        if (seconds < 120 && seconds % 60 != 0) {
            return seconds + " s";
        }
        long minutes = duration.toMinutes();
        if (minutes < 60) {
            return minutes + " min";
        }
        return minutes % 60 == 0 ? minutes / 60 + " h" : minutes / 60 + " h " + minutes % 60 + " min";
    }
}
