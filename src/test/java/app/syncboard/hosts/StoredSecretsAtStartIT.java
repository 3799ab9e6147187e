package app.syncboard.hosts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import app.syncboard.TestApps;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A database holding pasted keys (encrypted) does not start without the key they were stored with, nor with
 * another one: syncboard says so plainly at start-up, instead of failing at the first run that needs them.
 */
@ExtendWith(OutputCaptureExtension.class)
class StoredSecretsAtStartIT {

    private static final String KEY = "the-right-secret-key-0123456789";
    private static final String PLANTED = "planted-passphrase-4711";

    @Test
    void storedSecretsNeedTheirKeyToStart(@TempDir Path dir, CapturedOutput output) {
        try (ConfigurableApplicationContext app = TestApps.onH2(dir, "--syncboard.secret-key=" + KEY)) {
            String sealed = app.getBean(Secrets.class).encrypt(PLANTED);
            app.getBean(JdbcClient.class)
                    .sql("INSERT INTO host (name, kind, address, port, username, passphrase_secret)"
                            + " VALUES ('with-secret', 'SSH', '127.0.0.2', 22, 'sync', ?)")
                    .param(sealed)
                    .update();
        }

        assertThatThrownBy(() -> TestApps.onH2(dir, "--syncboard.secret-key="))
                .hasRootCauseInstanceOf(Secrets.Unreadable.class)
                .rootCause()
                .hasMessage(
                        "1 stored host private keys and passphrases cannot be read: SYNCBOARD_SECRET_KEY (at least 16"
                                + " characters) is not set. Set it to the key they were stored with and start again.");
        assertThat(output.getOut() + output.getErr())
                .contains("APPLICATION FAILED TO START")
                .contains(
                        "Set SYNCBOARD_SECRET_KEY (or syncboard.secret-key) to the key the secrets were stored with.");

        assertThatThrownBy(() -> TestApps.onH2(dir, "--syncboard.secret-key=another-key-entirely-0000"))
                .hasRootCauseInstanceOf(Secrets.Unreadable.class)
                .rootCause()
                .hasMessageContaining("it is not the key they were stored with");

        try (ConfigurableApplicationContext again = TestApps.onH2(dir, "--syncboard.secret-key=" + KEY)) {
            assertThat(again.isRunning()).isTrue();
        }
        assertThat(output.getOut() + output.getErr())
                .as("the secret itself is never printed")
                .doesNotContain(PLANTED);
    }
}
