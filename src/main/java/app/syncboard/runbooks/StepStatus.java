package app.syncboard.runbooks;

/** Where one step of an execution stands. */
public enum StepStatus {
    PENDING,
    RUNNING,
    /** A manual step waiting for Done. */
    WAITING,
    SUCCEEDED,
    FAILED,
    TIMED_OUT,
    /** syncboard stopped while the step ran; its outcome is unknown. */
    INTERRUPTED,
    SKIPPED,
    /** A rehearsal checked the step without running it (it changes something). */
    REHEARSED;

    public boolean failed() {
        return this == FAILED || this == TIMED_OUT || this == INTERRUPTED;
    }
}
