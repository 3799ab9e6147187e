package app.syncboard.security;

import static org.assertj.core.api.Assertions.assertThat;

import app.syncboard.SyncboardServerTest;
import app.syncboard.WebSession;
import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Signing in through an OpenID Connect provider ({@link TestIssuer}), over real HTTP as a browser does it: the
 * login page's button, the redirect to the provider, the provider's redirect back with a code, which syncboard
 * exchanges for the ID token that carries the groups.
 */
@SyncboardServerTest
class OidcSignInIT {

    private static final TestIssuer issuer = TestIssuer.start();

    @LocalServerPort
    int port;

    @Autowired
    UserAccounts accounts;

    @Autowired
    JdbcClient jdbc;

    @DynamicPropertySource
    static void provider(DynamicPropertyRegistry registry) {
        issuer.register(registry);
    }

    @AfterAll
    static void stopIssuer() {
        issuer.stop();
    }

    @Test
    void aMemberOfTheAdminsGroupSignsInAsAdmin() throws Exception {
        Browser browser = new Browser();
        HttpResponse<String> login = browser.get("/login");
        assertThat(login.body())
                .contains("Sign in with " + TestIssuer.DISPLAY_NAME)
                .contains("href=\"/oauth2/authorization/oidc\"");
        // The button is a plain link: the strict policy holds, also on the way to the provider.
        assertThat(login.headers().firstValue("Content-Security-Policy"))
                .hasValue(WebHardening.CONTENT_SECURITY_POLICY);
        assertThat(browser.get(OidcSignIn.START).headers().allValues("Content-Security-Policy"))
                .containsExactly(WebHardening.CONTENT_SECURITY_POLICY);

        issuer.nextSignIn("sub-ada", "ada.oidc", List.of("accounting", "Syncboard-Admins"));
        assertThat(browser.signInThroughTheProvider()).isEqualTo("/");

        assertThat(browser.get("/settings/users").statusCode()).isEqualTo(200);
        assertThat(browser.get("/account/password").body())
                .contains("your password is " + TestIssuer.DISPLAY_NAME + "&#39;s, not syncboard&#39;s");
        assertThat(newestEntry("ada.oidc")).isEqualTo("ada.oidc 127.0.0.1 login.success SUCCESS null");
        assertThat(accounts.find("ada.oidc")).as("not stored").isEmpty();
    }

    @Test
    void aMemberOfNoMappedGroupIsRefusedAndTheLoginPageSaysWhy() throws Exception {
        Browser browser = new Browser();
        issuer.nextSignIn("sub-nora", "nora.oidc", List.of("accounting"));
        assertThat(browser.signInThroughTheProvider()).isEqualTo("/login?problem");

        assertThat(browser.get("/login?problem").body())
                .contains("Signed in to " + TestIssuer.DISPLAY_NAME + ", but in no group syncboard maps to a role");
        HttpResponse<String> users = browser.get("/settings/users");
        assertThat(users.statusCode()).as("not signed in").isEqualTo(302);
        assertThat(users.headers().firstValue("Location"))
                .hasValueSatisfying(to -> assertThat(to).endsWith("/login"));
        assertThat(newestEntry("nora.oidc"))
                .isEqualTo("nora.oidc 127.0.0.1 login.failure DENIED signed in to " + TestIssuer.DISPLAY_NAME
                        + ", but in no group syncboard maps to a role");
    }

    @Test
    void theProviderCannotSignInALocalUsersName() throws Exception {
        Browser browser = new Browser();
        issuer.nextSignIn("sub-admin", "ADMIN", List.of(TestIssuer.ADMINS));
        assertThat(browser.signInThroughTheProvider()).isEqualTo("/login?problem");
        assertThat(browser.get("/login?problem").body()).contains("is the name of a syncboard user");
    }

    @Test
    void aLookalikeOfALocalNameIsNoNameAtAll() throws Exception {
        for (String lookalike : List.of("\u0430dmin", "admin ", "ad\u200Bmin")) {
            Browser browser = new Browser();
            issuer.nextSignIn("sub-" + lookalike.hashCode(), lookalike, List.of(TestIssuer.ADMINS));
            assertThat(browser.signInThroughTheProvider()).as(lookalike).isEqualTo("/login?problem");
            assertThat(browser.get("/login?problem").body())
                    .as(lookalike)
                    .containsAnyOf("a user name syncboard accepts", "is the name of a syncboard user");
        }
    }

    @Test
    void localUsersStillSignInWithTheLoginForm() throws Exception {
        if (accounts.find("olga").isEmpty()) {
            accounts.create("olga", Role.ADMIN, "olga-local-password", false);
        }
        WebSession olga = WebSession.signIn(port, "olga", "olga-local-password");
        assertThat(olga.get("/settings/users").statusCode()).isEqualTo(200);
    }

    private String newestEntry(String actor) {
        return jdbc.sql("SELECT CONCAT(actor, ' ', address, ' ', action, ' ', outcome, ' ', COALESCE(reason, 'null'))"
                        + " FROM audit_event WHERE actor = ? ORDER BY id DESC LIMIT 1")
                .param(actor)
                .query(String.class)
                .single();
    }

    /** A browser that keeps cookies and follows redirects one by one, to see where each goes. */
    private final class Browser {

        private final HttpClient http = HttpClient.newBuilder()
                .cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        private final URI app = URI.create("http://127.0.0.1:" + port);

        HttpResponse<String> get(String path) throws IOException, InterruptedException {
            return get(app.resolve(path));
        }

        HttpResponse<String> get(URI address) throws IOException, InterruptedException {
            return http.send(HttpRequest.newBuilder(address).build(), HttpResponse.BodyHandlers.ofString());
        }

        /**
         * Clicks the login page's button and follows the redirects through the provider and back; returns where
         * syncboard sends the browser after the sign-in.
         */
        String signInThroughTheProvider() throws IOException, InterruptedException {
            URI next = app.resolve(OidcSignIn.START);
            boolean wentToProvider = false;
            for (int hop = 0; hop < 5; hop++) {
                HttpResponse<String> answer = get(next);
                assertThat(answer.statusCode()).as("a redirect from " + next).isEqualTo(302);
                next = next.resolve(answer.headers().firstValue("Location").orElseThrow());
                boolean atApp = next.getPort() == port;
                wentToProvider |= !atApp;
                if (atApp
                        && !next.getPath().startsWith("/login/oauth2/")
                        && !next.getPath().startsWith("/oauth2/")) {
                    assertThat(wentToProvider).as("went by the provider").isTrue();
                    return next.getRawPath() + (next.getRawQuery() == null ? "" : "?" + next.getRawQuery());
                }
            }
            throw new AssertionError("Too many redirects, the last to " + next);
        }
    }
}
