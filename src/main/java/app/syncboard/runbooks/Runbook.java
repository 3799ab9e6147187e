package app.syncboard.runbooks;

import java.time.Instant;

/**
 * A pair's runbook as stored: its steps as YAML text (the import and export format), when it was last rehearsed and
 * last carried out for real.
 */
public record Runbook(
        Long id,
        long pairId,
        String name,
        String description,
        String steps,
        long version,
        Instant createdAt,
        Instant updatedAt,
        Instant lastRehearsedAt,
        Instant lastExecutedAt) {

    /** The runbook's steps, read from its stored YAML (which was checked when saved). */
    public RunbookDefinition definition() {
        RunbookYaml.Parsed parsed = RunbookYaml.parse(steps);
        if (!parsed.ok()) {
            throw new IllegalStateException("Stored runbook " + id + " does not read: " + parsed.problems());
        }
        return parsed.definition();
    }
}
