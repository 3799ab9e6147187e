package app.syncboard.runbooks;

import java.time.Instant;

/**
 * One walk through a runbook. {@code steps} is the runbook's YAML as it was at the start; {@code currentStep} the
 * index (from 0) of the step under way, waiting or halted, null once ended.
 */
public record Execution(
        long id,
        long runbookId,
        long pairId,
        String runbookName,
        String steps,
        boolean rehearsal,
        ExecutionStatus status,
        String startedBy,
        Instant startedAt,
        Instant endedAt,
        Integer currentStep,
        String message) {

    public RunbookDefinition definition() {
        return RunbookYaml.parse(steps).definition();
    }
}
