package app.syncboard.security;

import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * A local OpenID Connect provider for tests: navikt's mock-oauth2-server on 127.0.0.1 and a free port. It signs
 * anyone in at once (no login page); the claims of the next tokens are set with {@link #nextSignIn}.
 */
final class TestIssuer {

    static final String CLIENT_ID = "syncboard";
    static final String DISPLAY_NAME = "Test Issuer";
    static final String ADMINS = "syncboard-admins";

    private static final String ISSUER_ID = "realm";

    private final MockOAuth2Server server;

    private TestIssuer(MockOAuth2Server server) {
        this.server = server;
    }

    static TestIssuer start() {
        MockOAuth2Server server = new MockOAuth2Server();
        try {
            server.start(InetAddress.getByName("127.0.0.1"), 0);
        } catch (UnknownHostException e) {
            throw new UncheckedIOException(e);
        }
        return new TestIssuer(server);
    }

    /** By address, not by name: "localhost" may resolve to ::1, where the server does not listen. */
    String issuerUri() {
        return "http://127.0.0.1:" + server.baseUrl().port() + "/" + ISSUER_ID;
    }

    /** syncboard set up to sign in through this provider, with a role for each of three groups. */
    void register(DynamicPropertyRegistry registry) {
        registry.add("syncboard.security.oidc.enabled", () -> "true");
        registry.add("syncboard.security.oidc.issuer-uri", this::issuerUri);
        registry.add("syncboard.security.oidc.client-id", () -> CLIENT_ID);
        registry.add("syncboard.security.oidc.client-secret", () -> "test-client-secret");
        registry.add("syncboard.security.oidc.display-name", () -> DISPLAY_NAME);
        registry.add("syncboard.security.oidc.role-groups.ADMIN", () -> ADMINS);
        registry.add("syncboard.security.oidc.role-groups.OPERATOR", () -> "syncboard-operators");
        registry.add("syncboard.security.oidc.role-groups.VIEWER", () -> "syncboard-viewers");
    }

    /** The ID token (and the user info) of the next sign-in: this user, in these groups. */
    void nextSignIn(String subject, String username, List<String> groups) {
        server.enqueueCallback(new DefaultOAuth2TokenCallback(
                ISSUER_ID,
                subject,
                "JWT",
                List.of(CLIENT_ID),
                Map.of("preferred_username", username, "groups", groups),
                3600));
    }

    void stop() {
        server.shutdown();
    }
}
