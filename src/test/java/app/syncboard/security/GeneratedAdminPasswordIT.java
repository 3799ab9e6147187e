package app.syncboard.security;

import static org.assertj.core.api.Assertions.assertThat;

import app.syncboard.TestApps;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.password.PasswordEncoder;

@ExtendWith(OutputCaptureExtension.class)
class GeneratedAdminPasswordIT {

    private static final Pattern PRINTED = Pattern.compile("generated password:\\s+(\\S+)");

    @Test
    void withoutAConfiguredPasswordOneIsGeneratedAndPrintedOnlyOnTheFirstStart(
            @TempDir Path dir, CapturedOutput output) {
        String password;
        try (ConfigurableApplicationContext app = start(dir)) {
            Matcher printed = PRINTED.matcher(output.getOut());
            assertThat(printed.find()).as("password printed in the log").isTrue();
            password = printed.group(1);
            // On the same line as the text, so that grep 'generated password' shows it.
            assertThat(output.getOut().lines().filter(line -> line.contains("generated password")))
                    .singleElement()
                    .asString()
                    .contains("WARN")
                    .contains("Created the first user \"admin\" with the generated password: " + password + " ");
            assertThat(password).hasSizeGreaterThanOrEqualTo(20);
            assertThat(app.getBean(UserAccounts.class)
                            .find("admin")
                            .orElseThrow()
                            .mustChangePassword())
                    .as("to be changed at the first sign-in: it stood in the log")
                    .isTrue();
            AuthenticationManager auth = authentication(app);
            assertThat(auth.authenticate(new UsernamePasswordAuthenticationToken("admin", password))
                            .isAuthenticated())
                    .isTrue();
        }
        int printedBefore = output.getOut().length();
        try (ConfigurableApplicationContext again = start(dir)) {
            assertThat(output.getOut().substring(printedBefore)).doesNotContain("generated password");
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> authentication(again)
                            .authenticate(new UsernamePasswordAuthenticationToken("admin", "admin")))
                    .isInstanceOf(BadCredentialsException.class);
        }
    }

    private static AuthenticationManager authentication(ConfigurableApplicationContext app) {
        DaoAuthenticationProvider provider = new DaoAuthenticationProvider(app.getBean(UserDetailsService.class));
        provider.setPasswordEncoder(app.getBean(PasswordEncoder.class));
        return new ProviderManager(provider);
    }

    private static ConfigurableApplicationContext start(Path dir) {
        return TestApps.onH2(dir, "--SYNCBOARD_ADMIN_PASSWORD=");
    }
}
