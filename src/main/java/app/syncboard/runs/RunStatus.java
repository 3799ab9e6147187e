package app.syncboard.runs;

public enum RunStatus {
    QUEUED,
    RUNNING,
    SUCCEEDED,
    FAILED,
    TIMED_OUT,
    CANCELLED,
    /** Refused before it started: overlap, window, precondition or paused pair; the message says which. */
    SKIPPED,
    /** Stopped by the deletion guard. */
    BLOCKED,
    /** The node running it stopped or died before the run finished. */
    INTERRUPTED,
    /** A fire time that passed while syncboard was not running; recorded, not run. */
    MISSED;

    public boolean isActive() {
        return this == QUEUED || this == RUNNING;
    }
}
