package app.syncboard.security;

import static org.assertj.core.api.Assertions.assertThat;

import app.syncboard.TestApps;
import app.syncboard.WebSession;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A fresh installation over real HTTP, as a browser goes through it: the first admin signs in with the password from
 * the log and must replace it before anything else, stays the last admin, and adds a viewer, who is refused an
 * admin's page with the error page (no internals).
 */
@ExtendWith(OutputCaptureExtension.class)
class FirstSignInIT {

    private static final Pattern PRINTED = Pattern.compile("generated password:\\s+(\\S+)");
    private static final String ADMINS_OWN = "the-admins-own-password";
    private static final String FIRST = "vera-first-password";

    @Test
    void theFirstAdminReplacesTheGeneratedPasswordThenAddsAViewer(@TempDir Path dir, CapturedOutput output)
            throws Exception {
        try (ConfigurableApplicationContext app = TestApps.onH2(dir, "--SYNCBOARD_ADMIN_PASSWORD=")) {
            int port = Integer.parseInt(app.getEnvironment().getProperty("local.server.port"));
            Matcher printed = PRINTED.matcher(output.getOut());
            assertThat(printed.find()).isTrue();
            String generated = printed.group(1);

            WebSession admin = WebSession.signIn(port, "admin", generated);
            assertThat(location(admin.get("/"))).endsWith(AccountController.PATH);
            assertThat(location(admin.get("/settings/users"))).endsWith(AccountController.PATH);
            assertThat(admin.get(AccountController.PATH).body()).contains("Choose a password of your own");

            HttpResponse<String> changed = admin.post(
                    AccountController.PATH,
                    AccountController.PATH,
                    Map.of("currentPassword", generated, "password", ADMINS_OWN, "repeat", ADMINS_OWN));
            assertThat(location(changed)).endsWith("/");
            assertThat(admin.get("/").body()).contains("Your password was changed.");

            HttpResponse<String> demoted =
                    admin.post("/settings/users/admin", "/settings/users/admin/role", Map.of("role", "VIEWER"));
            assertThat(demoted.statusCode()).isEqualTo(200);
            assertThat(demoted.body()).contains(UserAccounts.LAST_ADMIN);
            assertThat(admin.get("/settings/users/admin/delete").body()).contains("You cannot delete yourself");

            HttpResponse<String> created = admin.post(
                    "/settings/users",
                    "/settings/users",
                    Map.of("username", "vera", "role", "VIEWER", "password", FIRST, "repeat", FIRST));
            assertThat(location(created)).endsWith("/settings/users/vera");

            WebSession vera = WebSession.signIn(port, "vera", FIRST);
            assertThat(location(vera.post(
                            AccountController.PATH,
                            AccountController.PATH,
                            Map.of(
                                    "currentPassword",
                                    FIRST,
                                    "password",
                                    "veras-own-password",
                                    "repeat",
                                    "veras-own-password"))))
                    .endsWith("/");
            assertThat(vera.get("/hosts").body()).contains("Hosts").doesNotContain("New host");

            HttpResponse<String> refused = vera.client()
                    .send(
                            vera.request("/jobs/new")
                                    .header("Accept", "text/html")
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            assertThat(refused.statusCode()).isEqualTo(403);
            assertThat(refused.body())
                    .contains("Not allowed")
                    .contains("Your role does not allow this")
                    .doesNotContain("Exception")
                    .doesNotContain("app.syncboard")
                    .doesNotContain("trace");
            HttpResponse<String> posted = vera.post("/hosts", "/settings/users", Map.of("username", "mallory"));
            assertThat(posted.statusCode()).isEqualTo(403);
            assertThat(posted.body()).doesNotContain("mallory").doesNotContain("Exception");
        }
    }

    private static String location(HttpResponse<String> response) {
        assertThat(response.statusCode()).as("a redirect").isEqualTo(302);
        return response.headers().firstValue("Location").orElseThrow();
    }
}
