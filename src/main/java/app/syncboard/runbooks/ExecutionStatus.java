package app.syncboard.runbooks;

/** Where an execution of a runbook stands. */
public enum ExecutionStatus {
    /** A step is being carried out. */
    RUNNING,
    /** A manual step waits for a person to click Done. */
    WAITING,
    /** A step failed (or was interrupted by a restart): retry it, skip it with a reason, or abort. */
    HALTED,
    SUCCEEDED,
    /** A rehearsal that found steps which would fail. */
    FAILED,
    /** Ended with a failed step whose policy was to stop, and someone aborted it. */
    ABORTED;

    public boolean isActive() {
        return this == RUNNING || this == WAITING || this == HALTED;
    }
}
