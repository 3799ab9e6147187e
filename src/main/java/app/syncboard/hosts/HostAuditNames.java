package app.syncboard.hosts;

import app.syncboard.audit.AuditTargetNames;
import java.util.Optional;
import org.springframework.stereotype.Component;

/** Names hosts and pairs in the audit log. */
@Component
class HostAuditNames implements AuditTargetNames {

    private final Hosts hosts;
    private final Pairs pairs;

    HostAuditNames(Hosts hosts, Pairs pairs) {
        this.hosts = hosts;
        this.pairs = pairs;
    }

    @Override
    public Optional<String> nameOf(String type, String id) {
        return switch (type) {
            case "host" -> AuditTargetNames.number(id).flatMap(hosts::findById).map(Host::name);
            case "pair" -> AuditTargetNames.number(id).flatMap(pairs::findById).map(Pair::name);
            default -> Optional.empty();
        };
    }
}
