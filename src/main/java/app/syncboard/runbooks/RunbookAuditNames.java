package app.syncboard.runbooks;

import app.syncboard.audit.AuditTargetNames;
import java.util.Optional;
import org.springframework.stereotype.Component;

/** Names runbooks by their name and executions as the engine does: {@code Cold-standby takeover #12}. */
@Component
class RunbookAuditNames implements AuditTargetNames {

    static final String RUNBOOK = "runbook";
    static final String EXECUTION = "runbook-execution";

    private final Runbooks runbooks;
    private final Executions executions;

    RunbookAuditNames(Runbooks runbooks, Executions executions) {
        this.runbooks = runbooks;
        this.executions = executions;
    }

    @Override
    public Optional<String> nameOf(String type, String id) {
        return switch (type) {
            case RUNBOOK -> AuditTargetNames.number(id).flatMap(runbooks::find).map(Runbook::name);
            case EXECUTION ->
                AuditTargetNames.number(id)
                        .flatMap(executions::find)
                        .map(execution -> execution.runbookName() + " #" + execution.id());
            default -> Optional.empty();
        };
    }
}
