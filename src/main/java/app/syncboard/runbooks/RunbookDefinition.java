package app.syncboard.runbooks;

import java.util.List;

/** A runbook as written in YAML: its name, what it is for, and its steps in order. */
public record RunbookDefinition(String name, String description, List<RunbookStep> steps) {

    public RunbookDefinition {
        steps = List.copyOf(steps);
    }
}
