package app.syncboard.security;

import app.syncboard.audit.AuditTargetNames;
import java.util.Optional;
import org.springframework.stereotype.Component;

/** Names users in the audit log: a user's id is the user name. */
@Component
class UserAuditNames implements AuditTargetNames {

    private final UserAccounts accounts;

    UserAuditNames(UserAccounts accounts) {
        this.accounts = accounts;
    }

    @Override
    public Optional<String> nameOf(String type, String id) {
        return "user".equals(type) && id != null ? accounts.find(id).map(UserAccount::username) : Optional.empty();
    }
}
