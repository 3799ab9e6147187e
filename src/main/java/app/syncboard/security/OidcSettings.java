package app.syncboard.security;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Sign-in through an OpenID Connect provider ({@code syncboard.security.oidc.*}), off unless {@code enabled}: its
 * endpoints are read from {@code issuer-uri}'s discovery document at the first sign-in through it.
 *
 * @param clientSecret empty for a public client
 * @param usernameClaim the claim (of the ID token or the user info) that names the user in syncboard
 * @param groupsClaim the claim that lists the user's groups, for {@code role-groups}
 * @param displayName what the login page's button names the provider: "Sign in with ..."
 */
@ConfigurationProperties("syncboard.security.oidc")
record OidcSettings(
        boolean enabled,
        String issuerUri,
        String clientId,
        String clientSecret,
        @DefaultValue({"openid", "profile", "email"}) List<String> scopes,
        @DefaultValue("preferred_username") String usernameClaim,
        @DefaultValue("groups") String groupsClaim,
        @DefaultValue("OpenID Connect") String displayName,
        @DefaultValue RoleGroups roleGroups) {

    OidcSettings {
        if (enabled) {
            if (issuerUri == null || !issuerUri.matches("(?i)https?://\\S+")) {
                throw new IllegalArgumentException("syncboard.security.oidc.issuer-uri must be the provider's issuer,"
                        + " such as https://keycloak.example.org/realms/example");
            }
            if (clientId == null || clientId.isBlank()) {
                throw new IllegalArgumentException("syncboard.security.oidc.client-id is missing");
            }
            if (!scopes.contains("openid")) {
                throw new IllegalArgumentException("syncboard.security.oidc.scopes must include openid");
            }
            if (roleGroups.isEmpty()) {
                throw new IllegalArgumentException("syncboard.security.oidc.role-groups names no group: nobody could"
                        + " sign in through the provider. Name the groups of ADMIN, OPERATOR and VIEWER.");
            }
        }
    }

    /** Without the client secret. */
    @Override
    public String toString() {
        return "OidcSettings[enabled=" + enabled + ", issuerUri=" + issuerUri + ", clientId=" + clientId + ", scopes="
                + scopes + ", usernameClaim=" + usernameClaim + ", groupsClaim=" + groupsClaim + ", displayName="
                + displayName + ", roleGroups=" + roleGroups + "]";
    }
}
