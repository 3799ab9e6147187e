package app.syncboard.audit;

import static app.syncboard.audit.AuditTrail.everything;
import static app.syncboard.audit.AuditTrail.fromTestAddress;
import static app.syncboard.audit.AuditTrail.newest;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import app.syncboard.audit.AuditTrail.AuditTest;
import app.syncboard.hosts.Host;
import app.syncboard.hosts.Hosts;
import app.syncboard.sshtest.TestKeys;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.test.context.support.WithMockUser;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/**
 * Secrets planted through the forms (a pasted private key and its passphrase, a webhook secret, a new token's value)
 * never reach the audit log: not as typed, not as stored (encrypted or hashed); the entries say only that one was
 * set, changed or removed.
 */
@AuditTest
@WithMockUser(username = "alice", roles = "ADMIN")
class AuditSecretsIT {

    @Autowired
    MockMvc mvc;

    @Autowired
    AuditEntries entries;

    @Autowired
    Hosts hosts;

    @Autowired
    JdbcClient jdbc;

    @Test
    void noSecretEverReachesAnEntry() throws Exception {
        List<String> planted = new ArrayList<>();
        String passphrase = "planted-passphrase-" + UUID.randomUUID();
        String otherPassphrase = "planted-passphrase-" + UUID.randomUUID();
        TestKeys.ClientKey key = TestKeys.ed25519(passphrase);
        TestKeys.ClientKey otherKey = TestKeys.ed25519(otherPassphrase);
        String privateKey = Files.readString(key.privateKeyPath());
        String otherPrivateKey = Files.readString(otherKey.privateKeyPath());
        planted.addAll(List.of(passphrase, otherPassphrase));
        planted.addAll(keyLines(privateKey));
        planted.addAll(keyLines(otherPrivateKey));

        String name = "secret-host-" + UUID.randomUUID();
        ok(hostForm(post("/hosts/new"), name, privateKey, passphrase));
        Host host = hosts.findByName(name).orElseThrow();
        planted.add(host.keySecret());
        planted.add(host.passphraseSecret());
        assertThat(newest(entries, "host.create", host.id()).details())
                .contains("keySecret: (set)")
                .contains("passphraseSecret: (set)");

        ok(hostForm(post("/hosts/{id}/edit", host.id()), name, otherPrivateKey, otherPassphrase));
        host = hosts.findById(host.id()).orElseThrow();
        planted.add(host.keySecret());
        planted.add(host.passphraseSecret());
        assertThat(newest(entries, "host.update", host.id()).details())
                .isEqualTo("keySecret: (changed)\npassphraseSecret: (changed)");

        ok(hostForm(post("/hosts/{id}/edit", host.id()), name, "", "").param("removePassphrase", "true"));
        assertThat(newest(entries, "host.update", host.id()).details()).isEqualTo("passphraseSecret: (removed)");

        // A form sent back with errors: what was typed is in no entry either.
        String refusedPassphrase = "planted-passphrase-" + UUID.randomUUID();
        planted.add(refusedPassphrase);
        mvc.perform(hostForm(post("/hosts/new"), "", privateKey, refusedPassphrase)
                        .with(csrf())
                        .with(fromTestAddress()))
                .andExpect(status().isOk());

        ok(post("/hosts/{id}/delete", host.id()));
        assertThat(newest(entries, "host.delete", host.id()).details()).contains("keySecret: (set)");

        String webhookSecret = "planted-webhook-secret-" + UUID.randomUUID();
        planted.add(webhookSecret);
        String address = "https://hooks.example.org/" + UUID.randomUUID();
        ok(post("/settings/notifications")
                .param("kind", "webhook")
                .param("address", address)
                .param("events", "failed")
                .param("secret", webhookSecret));
        Map<String, Object> target = jdbc.sql("SELECT id, secret FROM notify_target WHERE address = ?")
                .param(address)
                .query()
                .singleRow();
        planted.add((String) target.get("secret"));
        assertThat(newest(entries, "notify-target.create", target.get("id")).details())
                .contains("secret: (set)");
        ok(post("/settings/notifications/{id}/delete", target.get("id")));

        String tokenName = "secret-token-" + UUID.randomUUID().toString().substring(0, 8);
        String token = (String) mvc.perform(post("/settings/tokens")
                        .with(csrf())
                        .with(fromTestAddress())
                        .param("name", tokenName)
                        .param("scopes", "ADMIN"))
                .andExpect(status().is3xxRedirection())
                .andReturn()
                .getFlashMap()
                .get("issuedValue");
        assertThat(token).startsWith("sb_");
        planted.add(token);
        planted.add(jdbc.sql("SELECT token_hash FROM api_token WHERE name = ?")
                .param(tokenName)
                .query(String.class)
                .single());

        List<String> logged = everything(entries);
        assertThat(logged).isNotEmpty();
        for (String secret : planted) {
            assertThat(logged).as("entries holding a planted secret").noneMatch(entry -> entry.contains(secret));
        }
    }

    private void ok(MockHttpServletRequestBuilder request) throws Exception {
        mvc.perform(request.with(csrf()).with(fromTestAddress())).andExpect(status().is3xxRedirection());
    }

    /** The key's body lines: the BEGIN and END lines are the same in every key. */
    private static List<String> keyLines(String privateKey) {
        return privateKey.lines().filter(line -> !line.startsWith("-----")).toList();
    }

    private static MockHttpServletRequestBuilder hostForm(
            MockHttpServletRequestBuilder request, String name, String privateKey, String passphrase) {
        return request.param("name", name)
                .param("address", "standby.example.org")
                .param("port", "22")
                .param("username", "syncboard")
                .param("keySource", "pasted")
                .param("privateKey", privateKey)
                .param("passphrase", passphrase);
    }
}
