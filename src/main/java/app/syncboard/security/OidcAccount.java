package app.syncboard.security;

import java.util.Collection;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.core.oidc.OidcIdToken;
import org.springframework.security.oauth2.core.oidc.OidcUserInfo;
import org.springframework.security.oauth2.core.oidc.user.DefaultOidcUser;

/**
 * The principal of a session signed in through the OpenID Connect provider: named by the {@code username-claim},
 * holding the role its groups gave.
 */
final class OidcAccount extends DefaultOidcUser implements DirectoryPrincipal {

    private final String directory;

    OidcAccount(
            Collection<? extends GrantedAuthority> authorities,
            OidcIdToken idToken,
            OidcUserInfo userInfo,
            String usernameClaim,
            String directory) {
        super(authorities, idToken, userInfo, usernameClaim);
        this.directory = directory;
    }

    @Override
    public String directory() {
        return directory;
    }
}
