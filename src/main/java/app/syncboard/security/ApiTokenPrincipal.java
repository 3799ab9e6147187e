package app.syncboard.security;

import app.syncboard.audit.AuditActor;
import java.util.Set;
import org.springframework.security.core.AuthenticatedPrincipal;

/**
 * Who an API request comes from: a token. {@code Principal#getName()} in a controller is the token's name (e.g. as
 * "triggered by"; the run's trigger {@code API} tells it from a user's name), at most 100 characters like a user's.
 *
 * @param scopes as granted, without the narrower scopes they include (see {@link Scope#expand})
 */
public record ApiTokenPrincipal(long id, String name, Set<Scope> scopes) implements AuthenticatedPrincipal, AuditActor {

    public ApiTokenPrincipal {
        scopes = Set.copyOf(scopes);
    }

    @Override
    public String getName() {
        return name;
    }

    /** {@code token:<name>}: never taken for a user of the same name. */
    @Override
    public String auditName() {
        return "token:" + name;
    }

    public boolean allows(Scope scope) {
        return Scope.expand(scopes).contains(scope);
    }
}
