package app.syncboard.runs;

/** A queued run whose pair was paused before it could start: it ends SKIPPED, having done nothing. */
final class PausedMeanwhile extends RuntimeException {

    PausedMeanwhile(String message) {
        super(message);
    }
}
