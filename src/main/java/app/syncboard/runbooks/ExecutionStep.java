package app.syncboard.runbooks;

import java.time.Instant;

/**
 * One step of an execution as it went: status, attempts, exit code, times, its output (the newest 256 KiB), and the
 * note of the person who completed or skipped it.
 */
public record ExecutionStep(
        long executionId,
        int position,
        String title,
        RunbookStep.Kind kind,
        StepStatus status,
        int attempts,
        Integer exitCode,
        Instant startedAt,
        Instant endedAt,
        String log,
        String note,
        String doneBy,
        Long runId,
        Long newPrimaryHostId) {}
