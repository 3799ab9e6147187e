package app.syncboard.security;

import app.syncboard.audit.AuditTargetNames;
import java.util.Optional;
import org.springframework.stereotype.Component;

/** Names API tokens in the audit log (by name: the value is never known after it was shown). */
@Component
class TokenAuditNames implements AuditTargetNames {

    private final ApiTokens tokens;

    TokenAuditNames(ApiTokens tokens) {
        this.tokens = tokens;
    }

    @Override
    public Optional<String> nameOf(String type, String id) {
        return "token".equals(type)
                ? AuditTargetNames.number(id).flatMap(tokens::find).map(ApiToken::name)
                : Optional.empty();
    }
}
