package app.syncboard.runs;

public enum RunTrigger {
    SCHEDULE,
    MANUAL,
    API,
    /** The one run of a job whose fire times passed while syncboard was not running ("run once at start-up"). */
    CATCH_UP,
    /** Another attempt after a run failed for a passing reason (connection, time limit). */
    RETRY,
    /** The run an operator approved after the deletion guard BLOCKED one: it deletes without asking again. */
    APPROVAL,
    /** A sync step of a failover runbook. */
    RUNBOOK
}
