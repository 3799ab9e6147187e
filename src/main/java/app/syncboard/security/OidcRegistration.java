package app.syncboard.security;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.registration.ClientRegistrations;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;

/**
 * syncboard as a client of the OpenID Connect provider, from {@link OidcSettings} and the provider's discovery
 * document. The document is read at the first sign-in through the provider, not at start-up: syncboard starts and
 * runs its syncs while the provider is down (a sign-in through it fails, and the next one tries again).
 *
 * @throws DirectorySignInFailed from {@link #findByRegistrationId} while the document cannot be read
 */
final class OidcRegistration implements ClientRegistrationRepository {

    static final String ID = "oidc";

    private static final Logger log = LoggerFactory.getLogger(OidcRegistration.class);

    private final OidcSettings settings;
    private volatile ClientRegistration registration;

    OidcRegistration(OidcSettings settings) {
        this.settings = settings;
    }

    @Override
    public ClientRegistration findByRegistrationId(String registrationId) {
        if (!ID.equals(registrationId)) {
            return null;
        }
        ClientRegistration known = registration;
        if (known == null) {
            synchronized (this) {
                if (registration == null) {
                    registration = discover();
                }
                known = registration;
            }
        }
        return known;
    }

    private ClientRegistration discover() {
        try {
            ClientRegistration.Builder client = ClientRegistrations.fromIssuerLocation(settings.issuerUri())
                    .registrationId(ID)
                    .clientName(settings.displayName())
                    .clientId(settings.clientId())
                    .scope(settings.scopes())
                    .userNameAttributeName(settings.usernameClaim())
                    .redirectUri("{baseUrl}/login/oauth2/code/{registrationId}");
            if (settings.clientSecret() == null || settings.clientSecret().isBlank()) {
                client.clientAuthenticationMethod(ClientAuthenticationMethod.NONE);
            } else {
                client.clientSecret(settings.clientSecret());
            }
            return client.build();
        } catch (RuntimeException e) {
            log.warn(
                    "The OpenID Connect provider's discovery document at {} could not be read: {}",
                    settings.issuerUri(),
                    e.getMessage());
            throw DirectorySignInFailed.unreachable(null, settings.displayName(), e);
        }
    }
}
