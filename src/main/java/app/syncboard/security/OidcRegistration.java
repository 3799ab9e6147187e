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
    private static final java.time.Duration RETRY_AFTER = java.time.Duration.ofMinutes(1);

    private final java.util.concurrent.locks.ReentrantLock discovering = new java.util.concurrent.locks.ReentrantLock();
    private volatile ClientRegistration registration;
    private volatile long failedAt;

    OidcRegistration(OidcSettings settings) {
        this.settings = settings;
    }

    @Override
    public ClientRegistration findByRegistrationId(String registrationId) {
        if (!ID.equals(registrationId)) {
            return null;
        }
        ClientRegistration known = registration;
        if (known != null) {
            return known;
        }
        // One request asks the provider at a time; the others, and all for a minute after a failure, are told at
        // once instead of queueing on a provider that does not answer (and taking the threads of local sign-ins).
        long failed = failedAt;
        if (failed != 0 && System.nanoTime() - failed < RETRY_AFTER.toNanos()) {
            throw DirectorySignInFailed.unreachable(null, settings.displayName(), null);
        }
        if (!discovering.tryLock()) {
            throw DirectorySignInFailed.unreachable(null, settings.displayName(), null);
        }
        try {
            if (registration == null) {
                registration = discover();
                failedAt = 0;
            }
            return registration;
        } catch (DirectorySignInFailed e) {
            failedAt = System.nanoTime();
            throw e;
        } finally {
            discovering.unlock();
        }
    }

    private ClientRegistration discover() {
        try {
            ClientRegistration.Builder client = ClientRegistrations.fromIssuerLocation(settings.issuerUri())
                    .registrationId(ID)
                    .clientName(settings.displayName())
                    .clientId(settings.clientId())
                    .scope(settings.scopes())
                    .userNameAttributeName(settings.usernameClaim())
                    .redirectUri("{baseUrl}/login/oauth2/code/{registrationId}")
                    // PKCE also for a confidential client: a stolen authorization code is worth nothing alone.
                    .clientSettings(ClientRegistration.ClientSettings.builder()
                            .requireProofKey(true)
                            .build());
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
