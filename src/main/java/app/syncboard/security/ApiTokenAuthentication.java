package app.syncboard.security;

import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/** An API request authenticated by its bearer token; its authorities are {@code SCOPE_...} of every included scope. */
final class ApiTokenAuthentication extends AbstractAuthenticationToken {

    private final ApiTokenPrincipal principal;

    ApiTokenAuthentication(ApiTokenPrincipal principal) {
        super(Scope.expand(principal.scopes()).stream()
                .map(scope -> new SimpleGrantedAuthority(scope.authority()))
                .toList());
        this.principal = principal;
        setAuthenticated(true);
    }

    @Override
    public ApiTokenPrincipal getPrincipal() {
        return principal;
    }

    /** The token's value is not kept: nothing after the filter needs it. */
    @Override
    public Object getCredentials() {
        return null;
    }
}
