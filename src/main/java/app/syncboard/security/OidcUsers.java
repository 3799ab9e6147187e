package app.syncboard.security;

import java.util.Collection;
import java.util.List;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserRequest;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserService;
import org.springframework.security.oauth2.client.userinfo.OAuth2UserService;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;

/**
 * Who signed in through the OpenID Connect provider: Spring Security's user (the ID token's claims with the user
 * info's), named by the {@code username-claim}, with the role its {@code groups-claim} gives ({@link RoleGroups}:
 * the claim's values compared with the configured names, ignoring case). Refused when the name belongs to a local
 * user (in any mix of case), so that nobody in the provider takes a local user's name, and when no group gives a
 * role.
 */
final class OidcUsers implements OAuth2UserService<OidcUserRequest, OidcUser> {

    private final OidcUserService provider = new OidcUserService();
    private final OidcSettings settings;
    private final UserAccounts accounts;

    OidcUsers(OidcSettings settings, UserAccounts accounts) {
        this.settings = settings;
        this.accounts = accounts;
    }

    @Override
    public OidcUser loadUser(OidcUserRequest request) {
        OidcUser user = provider.loadUser(request);
        String directory = settings.displayName();
        if (!(user.getClaims().get(settings.usernameClaim()) instanceof String claimed)
                || DirectoryNames.canonical(claimed).isEmpty()) {
            throw DirectorySignInFailed.noName(settings.usernameClaim(), directory);
        }
        String name = DirectoryNames.canonical(claimed).orElseThrow();
        if (accounts.nameTaken(name)) {
            throw DirectorySignInFailed.localName(name, directory);
        }
        List<String> groups = groups(user.getClaims().get(settings.groupsClaim()));
        Role role = settings.roleGroups()
                .roleOf(configured -> groups.stream().anyMatch(group -> DirectoryNames.sameGroup(configured, group)))
                .orElseThrow(() -> DirectorySignInFailed.noRole(name, directory));
        return new OidcAccount(
                List.of(new SimpleGrantedAuthority(role.authority())),
                user.getIdToken(),
                user.getUserInfo(),
                settings.usernameClaim(),
                name,
                directory);
    }

    /** A claim that lists groups: an array, or one group as a string. */
    private static List<String> groups(Object claim) {
        if (claim instanceof Collection<?> values) {
            return values.stream().map(String::valueOf).toList();
        }
        return claim instanceof String value ? List.of(value) : List.of();
    }
}
