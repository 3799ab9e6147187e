package app.syncboard.runs;

public enum RunTrigger {
    SCHEDULE,
    MANUAL,
    API
}
