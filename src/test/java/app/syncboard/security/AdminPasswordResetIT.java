package app.syncboard.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import app.syncboard.TestApps;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.password.PasswordEncoder;

/** {@code SYNCBOARD_RESET_ADMIN_PASSWORD=true}: the way back in when the admin password is lost. */
@ExtendWith(OutputCaptureExtension.class)
class AdminPasswordResetIT {

    private static final Pattern PRINTED = Pattern.compile("generated password:\\s+(\\S+)");

    @Test
    void theResetFlagSetsTheConfiguredPasswordAndWithoutItTheAdminIsLeftAlone(
            @TempDir Path dir, CapturedOutput output) {
        try (ConfigurableApplicationContext first = start(dir, "--SYNCBOARD_ADMIN_PASSWORD=the-first-password")) {
            assertThat(signIn(first, "the-first-password")).isTrue();
        }

        int before = output.getOut().length();
        try (ConfigurableApplicationContext reset =
                start(dir, "--SYNCBOARD_ADMIN_PASSWORD=the-second-password", "--SYNCBOARD_RESET_ADMIN_PASSWORD=true")) {
            assertThat(signIn(reset, "the-first-password")).isFalse();
            assertThat(signIn(reset, "the-second-password")).isTrue();
            assertThat(mustChangePassword(reset))
                    .as("a password chosen in SYNCBOARD_ADMIN_PASSWORD is kept")
                    .isFalse();
            assertThat(output.getOut().substring(before))
                    .contains("admin password was reset")
                    .contains("Remove SYNCBOARD_RESET_ADMIN_PASSWORD again")
                    .doesNotContain("the-second-password")
                    .doesNotContain("generated password");
        }

        // Without the flag, neither the password from the environment nor anything else touches the admin.
        before = output.getOut().length();
        try (ConfigurableApplicationContext again = start(dir, "--SYNCBOARD_ADMIN_PASSWORD=a-third-password")) {
            assertThat(signIn(again, "the-second-password")).isTrue();
            assertThat(signIn(again, "a-third-password")).isFalse();
            assertThat(output.getOut().substring(before)).doesNotContain("was reset");
        }
    }

    @Test
    void withoutAConfiguredPasswordTheResetGeneratesOneAndRestoresADeletedAdmin(
            @TempDir Path dir, CapturedOutput output) {
        try (ConfigurableApplicationContext first = start(dir, "--SYNCBOARD_ADMIN_PASSWORD=the-first-password")) {
            first.getBean(UserAccounts.class).create("alice", Role.VIEWER, "alice-password", false);
            // Not through UserAccounts, which never lets the last admin go.
            first.getBean(JdbcClient.class)
                    .sql("DELETE FROM users WHERE username = 'admin'")
                    .update();
        }

        int before = output.getOut().length();
        String password;
        try (ConfigurableApplicationContext reset =
                start(dir, "--SYNCBOARD_ADMIN_PASSWORD=", "--SYNCBOARD_RESET_ADMIN_PASSWORD=true")) {
            String log = output.getOut().substring(before);
            List<String> lines = log.lines()
                    .filter(line -> line.contains("generated password"))
                    .toList();
            assertThat(lines).as("one log line with the password").hasSize(1);
            Matcher printed = PRINTED.matcher(lines.get(0));
            assertThat(printed.find()).isTrue();
            password = printed.group(1);
            assertThat(password).hasSizeGreaterThanOrEqualTo(20);
            assertThat(lines.get(0)).contains("WARN").contains("re-created");

            assertThat(signIn(reset, password)).isTrue();
            assertThat(mustChangePassword(reset))
                    .as("a generated password, which stood in the log, must be changed")
                    .isTrue();
            assertThat(storedAuthorities(reset)).containsExactly("ROLE_ADMIN");
            assertThat(signIn(reset, "the-first-password")).isFalse();
        }

        before = output.getOut().length();
        try (ConfigurableApplicationContext again = start(dir, "--SYNCBOARD_ADMIN_PASSWORD=")) {
            assertThat(output.getOut().substring(before)).doesNotContain("generated password");
            assertThat(signIn(again, password)).isTrue();
            assertThat(again.getBean(UserAccounts.class).find("alice")).isPresent();
        }
    }

    @Test
    void theResetEnablesADisabledAdminAndKeepsItsOtherAuthorities(@TempDir Path dir) {
        try (ConfigurableApplicationContext first = start(dir, "--SYNCBOARD_ADMIN_PASSWORD=the-first-password")) {
            JdbcClient jdbc = first.getBean(JdbcClient.class);
            jdbc.sql("UPDATE users SET enabled = FALSE WHERE username = 'admin'")
                    .update();
            jdbc.sql("INSERT INTO authorities (username, authority) VALUES ('admin', 'ROLE_OPERATOR')")
                    .update();
            assertThatThrownBy(() -> signIn(first, "the-first-password")).hasMessageContaining("disabled");
        }

        try (ConfigurableApplicationContext reset =
                start(dir, "--SYNCBOARD_ADMIN_PASSWORD=the-second-password", "--SYNCBOARD_RESET_ADMIN_PASSWORD=true")) {
            assertThat(signIn(reset, "the-second-password")).isTrue();
            assertThat(storedAuthorities(reset)).containsExactlyInAnyOrder("ROLE_ADMIN", "ROLE_OPERATOR");
        }
    }

    @Test
    void aTooShortPasswordWithTheResetFlagStopsTheStartWithAClearMessage(@TempDir Path dir) {
        try (ConfigurableApplicationContext first = start(dir, "--SYNCBOARD_ADMIN_PASSWORD=the-first-password")) {
            assertThat(signIn(first, "the-first-password")).isTrue();
        }

        assertThatThrownBy(() -> start(dir, "--SYNCBOARD_ADMIN_PASSWORD=short", "--SYNCBOARD_RESET_ADMIN_PASSWORD=true")
                        .close())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("SYNCBOARD_ADMIN_PASSWORD must be at least 12 characters long.");

        try (ConfigurableApplicationContext again = start(dir, "--SYNCBOARD_ADMIN_PASSWORD=")) {
            assertThat(signIn(again, "the-first-password")).isTrue();
        }
    }

    /** True if admin signs in with the password, false if the password is wrong. */
    private static boolean signIn(ConfigurableApplicationContext app, String password) {
        try {
            return authentication(app)
                    .authenticate(new UsernamePasswordAuthenticationToken("admin", password))
                    .isAuthenticated();
        } catch (BadCredentialsException wrong) {
            return false;
        }
    }

    private static boolean mustChangePassword(ConfigurableApplicationContext app) {
        return app.getBean(UserAccounts.class).find("admin").orElseThrow().mustChangePassword();
    }

    private static List<String> storedAuthorities(ConfigurableApplicationContext app) {
        return app.getBean(JdbcClient.class)
                .sql("SELECT authority FROM authorities WHERE username = 'admin'")
                .query(String.class)
                .list();
    }

    private static AuthenticationManager authentication(ConfigurableApplicationContext app) {
        DaoAuthenticationProvider provider = new DaoAuthenticationProvider(app.getBean(UserDetailsService.class));
        provider.setPasswordEncoder(app.getBean(PasswordEncoder.class));
        return new ProviderManager(provider);
    }

    private static ConfigurableApplicationContext start(Path dir, String... args) {
        return TestApps.onH2(dir, args);
    }
}
