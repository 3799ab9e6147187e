package app.syncboard.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import app.syncboard.SyncboardTest;
import app.syncboard.hosts.Host;
import app.syncboard.hosts.Hosts;
import app.syncboard.sshtest.TestKeys;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/**
 * Planted secrets (a pasted private key, its passphrase, a webhook's signing secret) go in through the forms, also
 * with mistakes that send the form back, are used, and then appear on no page, in no stored row in plain text, and
 * in no log line, with the app's own logging and Spring's web, security and JDBC logging at DEBUG.
 */
@SyncboardTest
@ExtendWith(OutputCaptureExtension.class)
@TestPropertySource(
        properties = {
            "syncboard.secret-key=a-secret-key-for-this-test-only",
            "logging.level.app.syncboard=DEBUG",
            "logging.level.org.springframework.web=DEBUG",
            "logging.level.org.springframework.security=DEBUG",
            "logging.level.org.springframework.jdbc=DEBUG"
        })
class SecretsNeverShownIT {

    /**
     * Log levels belong to the whole JVM, not to this test's context: without this, every test class after this one
     * would log at DEBUG (slower, and a CI log many times longer).
     */
    @AfterAll
    static void loggingBackToNormal() {
        LoggingSystem logging = LoggingSystem.get(SecretsNeverShownIT.class.getClassLoader());
        for (String name : List.of(
                "app.syncboard",
                "org.springframework.web",
                "org.springframework.security",
                "org.springframework.jdbc")) {
            logging.setLogLevel(name, null);
        }
    }

    @Autowired
    MockMvc mvc;

    @Autowired
    Hosts hosts;

    @Autowired
    JdbcClient jdbc;

    @Test
    void plantedSecretsAppearOnNoPageInNoRowAndInNoLogLine(CapturedOutput output) throws Exception {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        String passphrase = "planted-passphrase-" + tag;
        TestKeys.ClientKey key = TestKeys.ed25519(passphrase);
        String privateKey = Files.readString(key.privateKeyPath());
        String keyLine = privateKey.lines().skip(2).findFirst().orElseThrow();
        String webhookSecret = "planted-webhook-secret-" + tag;
        List<String> pages = new ArrayList<>();

        // A mistake first: the form comes back, without the key or passphrase.
        pages.add(send(host("secret-host-" + tag, "not a port", privateKey, passphrase)));
        pages.add(send(host("secret-host-" + tag, "22", privateKey, passphrase)));
        Host host = hosts.findByName("secret-host-" + tag).orElseThrow();
        pages.add(page("/hosts"));
        pages.add(page("/hosts/" + host.id()));
        pages.add(page("/hosts/" + host.id() + "/edit"));
        // Used: the checks decrypt the key to log in (nothing listens on this port).
        pages.add(send(post("/hosts/{id}/test", host.id())));

        pages.add(send(post("/settings/notifications")
                .param("kind", "webhook")
                .param("address", "http://127.0.0.1:9/hook")
                .param("events", "failed")
                .param("secret", "short")));
        pages.add(send(post("/settings/notifications")
                .param("kind", "webhook")
                .param("address", "http://127.0.0.1:9/hook-" + tag)
                .param("events", "failed")
                .param("secret", webhookSecret)));
        long target = jdbc.sql("SELECT id FROM notify_target WHERE address = ?")
                .param("http://127.0.0.1:9/hook-" + tag)
                .query(Long.class)
                .single();
        // Used: the test notice is signed with the secret (and fails: nothing listens).
        pages.add(send(post("/settings/notifications/{id}/test", target)));
        pages.add(page("/settings/notifications"));

        List<String> planted = List.of(passphrase, keyLine, webhookSecret);
        for (String secret : planted) {
            assertThat(pages).as("pages").noneMatch(page -> page.contains(secret));
            assertThat(output.getOut() + output.getErr()).as("log").doesNotContain(secret);
        }
        String storedRows = jdbc.sql("SELECT CONCAT(COALESCE(key_secret, ''), COALESCE(passphrase_secret, ''))"
                                + " FROM host WHERE id = ?")
                        .param(host.id())
                        .query(String.class)
                        .single()
                + jdbc.sql("SELECT secret FROM notify_target WHERE id = ?")
                        .param(target)
                        .query(String.class)
                        .single();
        assertThat(storedRows).startsWith("v1:").doesNotContain(passphrase, keyLine, webhookSecret);
        assertThat(output.getOut()).as("DEBUG logging was on").contains("DEBUG");
    }

    private static MockHttpServletRequestBuilder host(String name, String port, String privateKey, String passphrase) {
        return post("/hosts/new")
                .param("name", name)
                .param("address", "127.0.0.1")
                .param("port", port)
                .param("username", "sync")
                .param("keySource", "pasted")
                .param("privateKey", privateKey)
                .param("passphrase", passphrase);
    }

    private String send(MockHttpServletRequestBuilder request) throws Exception {
        var result = mvc.perform(request.with(csrf()).with(user("admin").roles("ADMIN")))
                .andReturn();
        String redirect = result.getResponse().getRedirectedUrl();
        return result.getResponse().getContentAsString(StandardCharsets.UTF_8)
                + result.getFlashMap().values()
                + (redirect == null || redirect.startsWith("http") ? "" : page(redirect));
    }

    private String page(String path) throws Exception {
        return mvc.perform(get(path).with(user("admin").roles("ADMIN")))
                .andReturn()
                .getResponse()
                .getContentAsString(StandardCharsets.UTF_8);
    }
}
