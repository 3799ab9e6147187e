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

    private final String name;
    private final String directory;

    /** @param name the {@code username-claim}'s value as {@link DirectoryNames#canonical} makes it */
    OidcAccount(
            Collection<? extends GrantedAuthority> authorities,
            OidcIdToken idToken,
            OidcUserInfo userInfo,
            String usernameClaim,
            String name,
            String directory) {
        super(authorities, idToken, userInfo, usernameClaim);
        this.name = name;
        this.directory = directory;
    }

    @Override
    public String getName() {
        return name;
    }

    @Override
    public String directory() {
        return directory;
    }
}
