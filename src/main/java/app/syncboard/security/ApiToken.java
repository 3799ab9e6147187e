package app.syncboard.security;

import java.time.Instant;
import java.util.Set;
import org.springframework.data.annotation.Id;
import org.springframework.data.relational.core.mapping.Table;

/**
 * A token for the API, as stored: only the SHA-256 of its value ({@code tokenHash}), never the value itself. A revoked
 * token stays in the list (and keeps its name) so that it is clear who revoked it and when.
 *
 * @param scopes space-separated scope values, e.g. {@code monitoring:read}; see {@link #scopeSet()}
 */
@Table("api_token")
public record ApiToken(
        @Id Long id,
        String name,
        String tokenHash,
        String scopes,
        String createdBy,
        Instant createdAt,
        Instant lastUsedAt,
        Instant revokedAt,
        String revokedBy) {

    static ApiToken create(String name, String tokenHash, Set<Scope> scopes, String createdBy, Instant now) {
        return new ApiToken(null, name, tokenHash, Scope.join(scopes), createdBy, now, null, null, null);
    }

    public Set<Scope> scopeSet() {
        return Scope.parse(scopes);
    }

    public boolean revoked() {
        return revokedAt != null;
    }
}
