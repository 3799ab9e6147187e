package app.syncboard.jobs;

/** What happens to fire times that passed while syncboard was not running; either way they are recorded. */
public enum MissedRuns {
    /** Record them as MISSED, run nothing. */
    SKIP,
    /** Record them as MISSED and run the job once, now. */
    RUN_ONCE
}
