package app.syncboard.notify;

import app.syncboard.audit.AuditTargetNames;
import java.util.Optional;
import org.springframework.stereotype.Component;

/** Names notification targets in the audit log by their address. */
@Component
class TargetAuditNames implements AuditTargetNames {

    private final Targets targets;

    TargetAuditNames(Targets targets) {
        this.targets = targets;
    }

    @Override
    public Optional<String> nameOf(String type, String id) {
        return "notify-target".equals(type)
                ? AuditTargetNames.number(id).flatMap(targets::findById).map(Target::address)
                : Optional.empty();
    }
}
