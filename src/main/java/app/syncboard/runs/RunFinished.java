package app.syncboard.runs;

/** Published when a run reached its final status (including SKIPPED and INTERRUPTED). */
public record RunFinished(Run run) {}
