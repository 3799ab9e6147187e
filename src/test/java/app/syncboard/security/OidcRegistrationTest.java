package app.syncboard.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The provider's discovery document is read at the first sign-in: a provider that is down fails that sign-in only. */
class OidcRegistrationTest {

    @Test
    void aProviderThatCannotBeReachedFailsTheSignInWithAMessageForTheLoginPage() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            closedPort = socket.getLocalPort();
        }
        OidcRegistration registration = new OidcRegistration(settings("http://127.0.0.1:" + closedPort + "/realm"));

        assertThatThrownBy(() -> registration.findByRegistrationId(OidcRegistration.ID))
                .isInstanceOf(DirectorySignInFailed.class)
                .hasMessage("Signing in through Example does not work at the moment: try again later. Local syncboard"
                        + " users can sign in meanwhile.");
        assertThat(registration.findByRegistrationId("other")).isNull();
    }

    private static OidcSettings settings(String issuer) {
        return new OidcSettings(
                true,
                issuer,
                "syncboard",
                "secret",
                List.of("openid"),
                "preferred_username",
                "groups",
                "Example",
                new RoleGroups(List.of("admins"), List.of(), List.of()));
    }
}
