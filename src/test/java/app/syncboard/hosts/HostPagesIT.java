package app.syncboard.hosts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import app.syncboard.SyncboardTest;
import app.syncboard.sshtest.SshTestServer;
import app.syncboard.sshtest.TestKeys;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.test.context.support.WithMockUser;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.web.util.HtmlUtils;

/** The host pages against a real SSH server (in-process), with the app's real SSH client, rsync and ssh. */
@SyncboardTest
@TestPropertySource(properties = "syncboard.ssh.known-hosts-dir=target/ssh-test/known-hosts")
@WithMockUser(username = "alice", roles = "ADMIN")
class HostPagesIT {

    private static final String ADDRESS = "127.0.0.2";
    private static final Pattern KEY_LINE = Pattern.compile("name=\"keyLine\" value=\"([^\"]+)\"");

    static TestKeys.ClientKey clientKey;
    static TestKeys.ClientKey strangerKey;
    static SshTestServer server;
    static String rsyncVersionLine;

    @Autowired
    MockMvc mvc;

    @Autowired
    Hosts hosts;

    @Autowired
    Pairs pairs;

    @BeforeAll
    static void startServer() throws Exception {
        clientKey = TestKeys.ecdsa();
        strangerKey = TestKeys.ecdsa();
        server = SshTestServer.start(ADDRESS, clientKey);
        Process rsync = new ProcessBuilder("rsync", "--version").start();
        rsyncVersionLine = new String(rsync.getInputStream().readAllBytes(), StandardCharsets.UTF_8)
                .lines()
                .findFirst()
                .orElseThrow();
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @Test
    void hostileValuesAreRefusedNextToTheirFieldsAndNothingIsSaved() throws Exception {
        long before = hosts.count();

        String page = text(mvc.perform(post("/hosts/new")
                        .with(csrf())
                        .param("name", "evil")
                        .param("address", "-oProxyCommand=touch /tmp/x")
                        .param("port", "70000")
                        .param("username", "root;id")
                        .param("keySource", "file")
                        .param("keyFile", "id_ed25519"))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString());

        assertThat(hosts.count()).isEqualTo(before);
        assertThat(page)
                .contains("Nothing was saved")
                .contains("Use a host name (letters, digits, dots and inner dashes")
                .contains("Use a port between 1 and 65535.")
                .contains("Use at most 32 letters, digits, '_', '.' or '-'")
                .contains("The key file path must be absolute (start with /).")
                // what was typed comes back, to be corrected
                .contains("value=\"-oProxyCommand=touch /tmp/x\"")
                .contains("value=\"70000\"")
                .contains("value=\"root;id\"");
        assertThat(text(mvc.perform(post("/hosts/new")
                                .with(csrf())
                                .param("name", "evil")
                                .param("address", "standby.example.org")
                                .param("port", "22; reboot")
                                .param("username", "-oProxyCommand")
                                .param("keySource", "file")
                                .param("keyFile", "/root/.ssh/id_ed25519"))
                        .andReturn()
                        .getResponse()
                        .getContentAsString()))
                .contains("Use a port between 1 and 65535.")
                .contains("not starting with '-' or '.'");
        assertThat(hosts.count()).isEqualTo(before);
    }

    @Test
    void aFetchedKeyShowsTheServersFingerprintAndOnceAcceptedTheConnectionTestPasses() throws Exception {
        Host host = create("fetched", server.port(), clientKey);
        assertThat(page("/hosts")).contains("not yet accepted");
        assertThat(test(host)).contains("has not been accepted yet");

        String fetched =
                html(mvc.perform(post("/hosts/{id}/fetch-key", host.id()).with(csrf())));
        assertThat(fetched)
                .contains(server.hostKeySha256())
                .contains("ecdsa-sha2-nistp256")
                .contains("ssh-keygen -lf /etc/ssh/ssh_host_ecdsa_key.pub")
                .contains("Accept this key");
        Matcher line = KEY_LINE.matcher(fetched);
        assertThat(line.find()).isTrue();

        mvc.perform(post("/hosts/{id}/accept-key", host.id()).with(csrf()).param("keyLine", line.group(1)))
                .andExpect(status().is3xxRedirection())
                .andExpect(flash().attribute("notice", containsString(server.hostKeySha256())));

        assertThat(hosts.findById(host.id()).orElseThrow().hostKey()).isEqualTo(server.hostKeyLine());
        assertThat(page("/hosts")).contains("accepted").contains(server.hostKeySha256());
        assertThat(page("/hosts/" + host.id()))
                .contains("Accepted: <code>ecdsa-sha2-nistp256 " + server.hostKeySha256());
        String test = test(host);
        assertThat(test)
                .contains("All checks passed.")
                .contains("SSH login as syncboard@" + ADDRESS + ":" + server.port())
                .contains(rsyncVersionLine)
                .doesNotContain("FAILED");
        assertThat(server.executedCommands()).anyMatch(command -> command.endsWith(" syncboard rsync --version"));
    }

    @Test
    void aKnownHostsLineIsImportedAndABadOneIsRefusedNextToTheField() throws Exception {
        Host host = create("imported", server.port(), clientKey);

        String bad = html(mvc.perform(post("/hosts/{id}/import-key", host.id())
                        .with(csrf())
                        .param("knownHostsLine", "[" + ADDRESS + "]:22 ecdsa-sha2-nistp256 not-base64!"))
                .andExpect(status().isOk()));
        assertThat(bad).contains("The key part is not valid base64.").contains("not-base64!");
        String wrongType = html(mvc.perform(post("/hosts/{id}/import-key", host.id())
                .with(csrf())
                .param(
                        "knownHostsLine",
                        "standby ssh-ed25519 " + server.hostKeyLine().split(" ")[1])));
        assertThat(wrongType).contains("The key data does not hold a ssh-ed25519 key.");
        assertThat(html(mvc.perform(
                        post("/hosts/{id}/import-key", host.id()).with(csrf()).param("knownHostsLine", "hello world"))))
                .contains("Not a known_hosts line");
        assertThat(hosts.findById(host.id()).orElseThrow().hostKey()).isNull();

        mvc.perform(post("/hosts/{id}/import-key", host.id())
                        .with(csrf())
                        .param("knownHostsLine", server.knownHostsLine() + " a comment"))
                .andExpect(status().is3xxRedirection());

        assertThat(hosts.findById(host.id()).orElseThrow().hostKey()).isEqualTo(server.hostKeyLine());
        assertThat(test(host)).contains("All checks passed.").contains(rsyncVersionLine);
    }

    @Test
    void aChangedHostKeyIsRefusedShownWithBothFingerprintsAndCanBeAccepted() throws Exception {
        try (SshTestServer moving = SshTestServer.start(ADDRESS, clientKey)) {
            Host host = create("reinstalled", moving.port(), clientKey);
            importKey(host, moving);
            assertThat(test(host)).contains("All checks passed.");
            String oldFingerprint = moving.hostKeySha256();

            moving.restartWithNewHostKey();

            String newFingerprint = moving.hostKeySha256();
            assertThat(newFingerprint).isNotEqualTo(oldFingerprint);
            assertThat(test(host))
                    .contains("Host key changed for reinstalled")
                    .contains("accepted " + oldFingerprint + ", presented now " + newFingerprint)
                    .contains("Not tried: the SSH login failed.");
            String page = page("/hosts/" + host.id());
            assertThat(page)
                    .contains("class=\"key-changed\"")
                    .contains("Host key changed")
                    .contains(oldFingerprint)
                    .contains(newFingerprint)
                    .contains("Accept the new key")
                    .contains("Check the new key first");
            assertThat(page("/hosts")).contains("HOST KEY CHANGED");
            Matcher offered = KEY_LINE.matcher(page);
            assertThat(offered.find()).isTrue();
            assertThat(offered.group(1)).isEqualTo(moving.hostKeyLine());

            mvc.perform(post("/hosts/{id}/accept-key", host.id()).with(csrf()).param("keyLine", offered.group(1)))
                    .andExpect(status().is3xxRedirection());

            Host accepted = hosts.findById(host.id()).orElseThrow();
            assertThat(accepted.hostKey()).isEqualTo(moving.hostKeyLine());
            assertThat(accepted.offeredHostKey()).isNull();
            assertThat(test(host)).contains("All checks passed.").contains(rsyncVersionLine);
            assertThat(page("/hosts/" + host.id())).doesNotContain("class=\"key-changed\"");
        }
    }

    @Test
    void aClosedPortSaysConnectionRefused() throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(ADDRESS))) {
            closed = socket.getLocalPort();
        }
        Host host = create("switched-off", closed, clientKey);

        assertThat(html(mvc.perform(post("/hosts/{id}/fetch-key", host.id()).with(csrf()))))
                .contains("Connection refused by " + ADDRESS + ":" + closed);
        importKey(host, server);
        assertThat(test(host))
                .contains("Connection refused by " + ADDRESS + ":" + closed + ": no SSH server listens there")
                .doesNotContain("Exception");
    }

    @Test
    void aKeyTheServerDoesNotKnowSaysAuthenticationFailed() throws Exception {
        Host host = create("stranger", server.port(), strangerKey);
        importKey(host, server);

        assertThat(test(host))
                .contains("Authentication failed: syncboard@" + ADDRESS + ":" + server.port() + " refused the key.")
                .contains("2 of 2 checks failed.")
                .contains("Not tried: the SSH login failed.")
                .doesNotContain("Exception");
    }

    @Test
    void aPastedKeyNeedsTheSecretKeyAndIsNotEchoedBack() throws Exception {
        long before = hosts.count();
        String privateKey = Files.readString(clientKey.privateKeyPath());

        String page = html(mvc.perform(post("/hosts/new")
                        .with(csrf())
                        .param("name", "pasted")
                        .param("address", ADDRESS)
                        .param("port", String.valueOf(server.port()))
                        .param("username", "syncboard")
                        .param("keySource", "pasted")
                        .param("privateKey", privateKey)
                        .param("passphrase", "secret passphrase"))
                .andExpect(status().isOk()));

        assertThat(hosts.count()).isEqualTo(before);
        assertThat(page)
                .contains("A pasted key is stored encrypted: set SYNCBOARD_SECRET_KEY (at least 16 characters)")
                .contains("or use a key file")
                .contains("A passphrase is stored encrypted")
                .doesNotContain(privateKey.lines().skip(1).findFirst().orElseThrow())
                .doesNotContain("secret passphrase")
                .contains("value=\"" + ADDRESS + "\"");
    }

    @Test
    void theLocalHostCannotBeEditedOrDeleted() throws Exception {
        Host local = local();

        mvc.perform(get("/hosts/{id}/edit", local.id()))
                .andExpect(status().is3xxRedirection())
                .andExpect(flash().attribute("notice", containsString("cannot be edited or deleted")));
        mvc.perform(post("/hosts/{id}/delete", local.id()).with(csrf()))
                .andExpect(flash().attribute("notice", containsString("cannot be edited or deleted")));
        assertThat(hosts.existsById(local.id())).isTrue();
        assertThat(page("/hosts/" + local.id()))
                .doesNotContain("Fetch host key")
                .doesNotContain("/edit\"");
        assertThat(test(local))
                .contains("rsync --version on this machine (local)")
                .contains(rsyncVersionLine)
                .doesNotContain("SSH login");
    }

    @Test
    void aHostIsDeletedOnlyWhenNoPairUsesIt() throws Exception {
        Host used = create("in-use", server.port(), clientKey);
        Host unused = create("unused", server.port(), clientKey);
        pairs.save(Pair.create("uses-in-use", local().id(), "/srv/a", used.id(), "/backup/a", Instant.now()));

        assertThat(page("/hosts/" + used.id() + "/delete"))
                .contains("cannot be deleted")
                .contains("uses-in-use")
                .doesNotContain("Delete host</button>");
        mvc.perform(post("/hosts/{id}/delete", used.id()).with(csrf()))
                .andExpect(flash().attribute("notice", containsString("is a side of the pairs uses-in-use")));
        mvc.perform(post("/hosts/{id}/delete", unused.id()).with(csrf()))
                .andExpect(flash().attribute("notice", "Host \"unused\" deleted."));

        assertThat(hosts.existsById(used.id())).isTrue();
        assertThat(hosts.existsById(unused.id())).isFalse();
    }

    @Test
    void editingKeepsTheAcceptedKeyAndSaysItMustStillMatch() throws Exception {
        Host host = create("edited", server.port(), clientKey);
        importKey(host, server);

        assertThat(page("/hosts/" + host.id() + "/edit"))
                .contains("The accepted host key stays when you change the address or port")
                .contains("value=\"" + clientKey.privateKeyPath() + "\"");
        mvc.perform(hostForm(post("/hosts/{id}/edit", host.id()), "edited, renamed", server.port(), clientKey))
                .andExpect(flash().attribute("notice", "Host \"edited, renamed\" saved."));

        Host saved = hosts.findById(host.id()).orElseThrow();
        assertThat(saved.name()).isEqualTo("edited, renamed");
        assertThat(saved.hostKey()).isEqualTo(server.hostKeyLine());
        assertThat(test(saved)).contains("All checks passed.");
    }

    @Test
    void aPairWithALocalAndARemoteSideChecksBothHostsAndTheHop() throws Exception {
        Host remote = create("pair-standby", server.port(), clientKey);
        importKey(remote, server);
        Pair pair = pairs.save(
                Pair.create("local-to-remote", local().id(), "/srv/data", remote.id(), "/backup/data", Instant.now()));
        assertThat(page("/pairs")).contains("/pairs/" + pair.id() + "/test");
        assertThat(page("/pairs/" + pair.id() + "/edit"))
                .contains("/pairs/" + pair.id() + "/test")
                .contains("pair-standby (syncboard@" + ADDRESS + ":" + server.port() + ")")
                .contains("How the side running rsync reaches the other (inner SSH hop)");

        String test = html(mvc.perform(post("/pairs/{id}/test", pair.id()).with(csrf())));

        assertThat(test)
                .contains("All checks passed.")
                .contains("rsync --version on this machine (local)")
                .contains("SSH login as syncboard@" + ADDRESS + ":" + server.port())
                .contains("rsync --version on pair-standby")
                .contains("Inner SSH hop: rsync on this machine (local) reaches pair-standby as syncboard@" + ADDRESS
                        + " port " + server.port())
                .contains(rsyncVersionLine)
                .doesNotContain("FAILED");
        // the app machine's own ssh logged in with the key file and ran rsync there
        assertThat(server.executedCommands()).contains("rsync --version");
    }

    @Test
    void aPairOfTwoRemoteHostsChecksTheHopForPushAndPull() throws Exception {
        try (SshTestServer other = SshTestServer.start(ADDRESS, clientKey)) {
            Host primary = create("remote-primary", server.port(), clientKey);
            importKey(primary, server);
            Host standby = create("remote-standby", other.port(), clientKey);
            importKey(standby, other);
            // Both "remote" hosts are this machine: the hop's files are where the runner's ssh looks for them.
            Path knownHosts = Files.createTempFile(clientKey.privateKeyPath().getParent(), "known_hosts-", "");
            Files.writeString(knownHosts, server.knownHostsLine() + "\n" + other.knownHostsLine() + "\n");
            Pair pair = pairs.save(Pair.create(
                    "remote-to-remote",
                    primary.id(),
                    "/srv/data",
                    standby.id(),
                    "/backup/data",
                    new HopSettings(null, null, clientKey.privateKeyPath().toString(), knownHosts.toString()),
                    Instant.now()));

            assertThat(html(mvc.perform(post("/pairs/{id}/test", pair.id()).with(csrf()))))
                    .contains("All checks passed.")
                    .contains("Inner SSH hop for push: rsync on remote-primary reaches remote-standby")
                    .contains("Inner SSH hop for pull: rsync on remote-standby reaches remote-primary")
                    .doesNotContain("FAILED");
            assertThat(other.executedCommands()).contains("rsync --version");
        }
    }

    @Test
    void aPairOnOneMachineHasNoHop() throws Exception {
        long local = local().id();
        Pair pair = pairs.save(Pair.create("one-machine", local, "/srv/one", local, "/backup/one", Instant.now()));

        assertThat(html(mvc.perform(post("/pairs/{id}/test", pair.id()).with(csrf()))))
                .contains("No hop: both sides are on this machine (local)")
                .contains("All checks passed.");
    }

    @Test
    void aHopThatCannotLogInSaysWhatTheRunnersSshPrinted() throws Exception {
        Host remote = create("hop-stranger", server.port(), clientKey);
        importKey(remote, server);
        Pair pair = pairs.save(Pair.create(
                "hop-with-stranger-key",
                local().id(),
                "/srv/data",
                remote.id(),
                "/backup/data",
                new HopSettings(null, null, strangerKey.privateKeyPath().toString(), null),
                Instant.now()));

        assertThat(html(mvc.perform(post("/pairs/{id}/test", pair.id()).with(csrf()))))
                .contains("1 of 4 checks failed.")
                .contains("The runner's ssh could not connect, log in or verify the host key of the peer (exit code"
                        + " 255): ")
                .contains("Permission denied");
    }

    @Nested
    @TestPropertySource(properties = "syncboard.secret-key=correct horse battery staple")
    @WithMockUser(username = "alice", roles = "ADMIN")
    class WithSecretKey {

        @Autowired
        MockMvc mvc;

        @Autowired
        Hosts hosts;

        @Test
        void aPastedKeyIsStoredEncryptedAndWorks() throws Exception {
            String privateKey = Files.readString(clientKey.privateKeyPath());

            mvc.perform(post("/hosts/new")
                            .with(csrf())
                            .param("name", "pasted-key")
                            .param("address", ADDRESS)
                            .param("port", String.valueOf(server.port()))
                            .param("username", "syncboard")
                            .param("keySource", "pasted")
                            .param("privateKey", privateKey))
                    .andExpect(status().is3xxRedirection());

            Host host = hosts.findByName("pasted-key").orElseThrow();
            assertThat(host.keyFile()).isNull();
            assertThat(host.keySecret()).startsWith("v1:").doesNotContain("PRIVATE KEY");
            for (String line : privateKey.lines().toList()) {
                assertThat(host.keySecret()).doesNotContain(line);
            }
            mvc.perform(post("/hosts/{id}/import-key", host.id())
                            .with(csrf())
                            .param("knownHostsLine", server.knownHostsLine()))
                    .andExpect(status().is3xxRedirection());
            assertThat(testIn(mvc, host)).contains("All checks passed.").contains(rsyncVersionLine);

            // The edit form never shows the key; left empty, the stored one stays.
            assertThat(html(mvc.perform(get("/hosts/{id}/edit", host.id()))))
                    .contains("A pasted key is stored (encrypted); it is never shown again.")
                    .doesNotContain(privateKey.lines().skip(1).findFirst().orElseThrow());
            mvc.perform(post("/hosts/{id}/edit", host.id())
                            .with(csrf())
                            .param("name", "pasted-key")
                            .param("address", ADDRESS)
                            .param("port", String.valueOf(server.port()))
                            .param("username", "syncboard")
                            .param("keySource", "pasted")
                            .param("privateKey", ""))
                    .andExpect(status().is3xxRedirection());
            assertThat(hosts.findById(host.id()).orElseThrow().keySecret()).isEqualTo(host.keySecret());
            assertThat(testIn(mvc, host)).contains("All checks passed.");
        }

        @Test
        void aPastedPublicKeyIsRefused() throws Exception {
            assertThat(html(mvc.perform(post("/hosts/new")
                                    .with(csrf())
                                    .param("name", "public-pasted")
                                    .param("address", ADDRESS)
                                    .param("username", "syncboard")
                                    .param("keySource", "pasted")
                                    .param("privateKey", clientKey.publicKeyLine()))
                            .andExpect(status().isOk())))
                    .contains("This is not a private key");
            assertThat(hosts.findByName("public-pasted")).isEmpty();
        }
    }

    private Host create(String name, int port, TestKeys.ClientKey key) throws Exception {
        mvc.perform(hostForm(post("/hosts/new"), name, port, key)).andExpect(status().is3xxRedirection());
        return hosts.findByName(name).orElseThrow();
    }

    private static MockHttpServletRequestBuilder hostForm(
            MockHttpServletRequestBuilder request, String name, int port, TestKeys.ClientKey key) {
        return request.with(csrf())
                .param("name", name)
                .param("address", ADDRESS)
                .param("port", String.valueOf(port))
                .param("username", "syncboard")
                .param("keySource", "file")
                .param("keyFile", key.privateKeyPath().toString());
    }

    private void importKey(Host host, SshTestServer from) throws Exception {
        mvc.perform(post("/hosts/{id}/import-key", host.id())
                        .with(csrf())
                        .param("knownHostsLine", from.knownHostsLine()))
                .andExpect(status().is3xxRedirection());
    }

    private String test(Host host) throws Exception {
        return testIn(mvc, host);
    }

    private static String testIn(MockMvc mvc, Host host) throws Exception {
        return html(
                mvc.perform(post("/hosts/{id}/test", host.id()).with(csrf())).andExpect(status().isOk()));
    }

    private String page(String path) throws Exception {
        return html(mvc.perform(get(path)).andExpect(status().isOk()));
    }

    private Host local() {
        return hosts.findAll().stream().filter(Host::isLocal).findFirst().orElseThrow();
    }

    private static String html(ResultActions result) throws Exception {
        return text(result.andReturn().getResponse().getContentAsString());
    }

    private static String text(String html) {
        return HtmlUtils.htmlUnescape(html);
    }
}
