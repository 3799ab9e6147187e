package app.syncboard.audit;

import static app.syncboard.audit.AuditTrail.ADDRESS;
import static app.syncboard.audit.AuditTrail.fromTestAddress;
import static app.syncboard.audit.AuditTrail.newest;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import app.syncboard.TestPairs;
import app.syncboard.audit.AuditEvent.Outcome;
import app.syncboard.audit.AuditTrail.AuditTest;
import app.syncboard.hosts.Host;
import app.syncboard.hosts.Hosts;
import app.syncboard.hosts.Pair;
import app.syncboard.hosts.Pairs;
import app.syncboard.jobs.SyncJob;
import app.syncboard.jobs.SyncJobs;
import app.syncboard.runs.Run;
import app.syncboard.runs.RunHistory;
import app.syncboard.runs.RunLauncher;
import app.syncboard.runs.RunTrigger;
import app.syncboard.security.ApiTokens;
import app.syncboard.sshtest.TestKeys;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.test.context.support.WithMockUser;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/**
 * Each kind of action in the pages, done as a user through MockMvc, leaves one entry: the user, the action, the target
 * (type, id and name, also once it is deleted), the outcome with the reason the user was shown, the request's address,
 * and for edits what changed.
 */
@AuditTest
@WithMockUser(username = "alice", roles = "ADMIN")
class AuditedActionsIT {

    @Autowired
    MockMvc mvc;

    @Autowired
    AuditEntries entries;

    @Autowired
    Hosts hosts;

    @Autowired
    Pairs pairs;

    @Autowired
    SyncJobs jobs;

    @Autowired
    TestPairs testPairs;

    @Autowired
    RunLauncher launcher;

    @Autowired
    RunHistory history;

    @Autowired
    ApiTokens tokens;

    @Autowired
    JdbcClient jdbc;

    @TempDir
    Path dir;

    @Test
    void hostsAndTheirKeys() throws Exception {
        String name = "audited-host-" + UUID.randomUUID();
        perform(hostForm(post("/hosts/new"), name, "22"));
        Host host = hosts.findByName(name).orElseThrow();
        AuditEntry created = newest(entries, "host.create", host.id());
        assertEntry(created, "host.create", "host", host.id(), name, Outcome.SUCCESS);
        assertThat(created.details())
                .contains("name: " + name)
                .contains("address: standby.example.org")
                .contains("keyFile: /etc/syncboard/id_test");

        perform(hostForm(post("/hosts/{id}/edit", host.id()), name, "2222"));
        AuditEntry updated = newest(entries, "host.update", host.id());
        assertEntry(updated, "host.update", "host", host.id(), name, Outcome.SUCCESS);
        assertThat(updated.details()).isEqualTo("port: 22 → 2222");

        perform(hostForm(post("/hosts/new"), "", "70000"));
        AuditEntry refused = newest(entries, "host.create");
        assertThat(refused.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(refused.reason()).isEqualTo("Not saved: the form had errors in name, port.");
        assertThat(refused.targetId()).isNull();

        String hostKey = TestKeys.ecdsa().publicKeyLine();
        perform(post("/hosts/{id}/accept-key", host.id()).param("keyLine", hostKey));
        AuditEntry accepted = newest(entries, "host-key.accept", host.id());
        assertEntry(accepted, "host-key.accept", "host", host.id(), name, Outcome.SUCCESS);
        assertThat(accepted.details())
                .contains("hostKey: (none) → ecdsa-sha2-nistp256 AAAA")
                .contains("accepted: ecdsa-sha2-nistp256 " + TestKeys.sha256Fingerprint(hostKey));

        perform(post("/hosts/{id}/import-key", host.id()).param("knownHostsLine", "hello world"));
        AuditEntry badImport = newest(entries, "host-key.accept", host.id());
        assertThat(badImport.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(badImport.reason()).contains("knownHostsLine");

        Host unreachable = hosts.save(Host.ssh(
                "closed-" + UUID.randomUUID(),
                "127.0.0.1",
                closedPort(),
                "syncboard",
                "/etc/syncboard/id_test",
                null,
                null,
                Instant.now()));
        perform(post("/hosts/{id}/fetch-key", unreachable.id()));
        AuditEntry fetch = newest(entries, "host-key.fetch", unreachable.id());
        assertEntry(fetch, "host-key.fetch", "host", unreachable.id(), unreachable.name(), Outcome.FAILED);
        assertThat(fetch.reason()).isNotBlank();

        Host local = testPairs.localHost();
        perform(post("/hosts/{id}/test", local.id()));
        assertEntry(
                newest(entries, "host.test", local.id()), "host.test", "host", local.id(), "local", Outcome.SUCCESS);

        perform(post("/hosts/{id}/delete", local.id()));
        AuditEntry fixed = newest(entries, "host.delete", local.id());
        assertEntry(fixed, "host.delete", "host", local.id(), "local", Outcome.FAILED);
        assertThat(fixed.reason()).startsWith("The local host is this machine itself");

        perform(post("/hosts/{id}/delete", host.id()));
        assertThat(hosts.findById(host.id())).isEmpty();
        AuditEntry deleted = newest(entries, "host.delete", host.id());
        assertEntry(deleted, "host.delete", "host", host.id(), name, Outcome.SUCCESS);
        assertThat(deleted.details()).contains("name: " + name).contains("port: 2222");
    }

    @Test
    void pairsPausedResumedEditedTestedAndDeleted() throws Exception {
        Host local = testPairs.localHost();
        Path primary = Files.createDirectories(dir.resolve("primary"));
        Path standby = Files.createDirectories(dir.resolve("standby"));
        String name = "audited-pair-" + UUID.randomUUID();
        perform(pairForm(post("/pairs/new"), name, local, primary, standby));
        Pair pair = pairs.findByName(name).orElseThrow();
        AuditEntry created = newest(entries, "pair.create", pair.id());
        assertEntry(created, "pair.create", "pair", pair.id(), name, Outcome.SUCCESS);
        assertThat(created.details()).contains("primaryPath: " + primary).contains("standbyPath: " + standby);

        SyncJob job = testPairs.job(pair, List.of("/data/"));
        Path moved = Files.createDirectories(dir.resolve("standby-2"));
        perform(pairForm(post("/pairs/{id}/edit", pair.id()), name, local, primary, moved));
        AuditEntry updated = newest(entries, "pair.update", pair.id());
        assertEntry(updated, "pair.update", "pair", pair.id(), name, Outcome.SUCCESS);
        assertThat(updated.details())
                .isEqualTo("standbyPath: " + standby + " → " + moved + "\nschedules switched off (the sides changed): "
                        + job.name());

        perform(post("/pairs/{id}/pause", pair.id()).param("reason", "disk swap"));
        AuditEntry paused = newest(entries, "pair.pause", pair.id());
        assertEntry(paused, "pair.pause", "pair", pair.id(), name, Outcome.SUCCESS);
        assertThat(paused.details()).contains("pausedReason: (none) → disk swap (paused by alice)");

        perform(post("/pairs/{id}/resume", pair.id()));
        assertEntry(newest(entries, "pair.resume", pair.id()), "pair.resume", "pair", pair.id(), name, Outcome.SUCCESS);
        perform(post("/pairs/{id}/resume", pair.id()));
        AuditEntry notPaused = newest(entries, "pair.resume", pair.id());
        assertThat(notPaused.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(notPaused.reason()).isEqualTo("Pair \"" + name + "\" is not paused.");

        perform(post("/pairs/{id}/test", pair.id()));
        assertEntry(newest(entries, "pair.test", pair.id()), "pair.test", "pair", pair.id(), name, Outcome.SUCCESS);

        perform(post("/pairs/{id}/delete", pair.id()));
        AuditEntry stillUsed = newest(entries, "pair.delete", pair.id());
        assertEntry(stillUsed, "pair.delete", "pair", pair.id(), name, Outcome.FAILED);
        assertThat(stillUsed.reason()).contains("is still used by job ");

        launcher.deleteJob(job.id());
        perform(post("/pairs/{id}/delete", pair.id()));
        assertThat(pairs.findById(pair.id())).isEmpty();
        assertEntry(newest(entries, "pair.delete", pair.id()), "pair.delete", "pair", pair.id(), name, Outcome.SUCCESS);
    }

    @Test
    void jobsAndTheirRuns() throws Exception {
        Path primary = Files.createDirectories(dir.resolve("primary/data"));
        Files.writeString(primary.resolve("file"), "x\n");
        Pair pair = testPairs.localPair(primary.getParent(), Files.createDirectories(dir.resolve("standby")));
        String name = "audited-job-" + UUID.randomUUID();
        perform(jobForm(post("/jobs/new"), name, pair, "0 3 1 1 *"));
        SyncJob job = jobs.findByName(name).orElseThrow();
        AuditEntry created = newest(entries, "job.create", job.id());
        assertEntry(created, "job.create", "job", job.id(), name, Outcome.SUCCESS);
        assertThat(created.details()).contains("name: " + name).contains("paths: [/data/]");

        perform(jobForm(post("/jobs/{id}/edit", job.id()), name, pair, "0 4 1 1 *"));
        AuditEntry updated = newest(entries, "job.update", job.id());
        assertEntry(updated, "job.update", "job", job.id(), name, Outcome.SUCCESS);
        assertThat(updated.details()).contains("schedule: 0 3 1 1 * → 0 4 1 1 *");

        perform(post("/jobs/{id}/pause", job.id()));
        assertEntry(newest(entries, "job.pause", job.id()), "job.pause", "job", job.id(), name, Outcome.SUCCESS);
        perform(post("/jobs/{id}/resume", job.id()));
        assertEntry(newest(entries, "job.resume", job.id()), "job.resume", "job", job.id(), name, Outcome.SUCCESS);
        perform(post("/jobs/{id}/preview", job.id()));
        assertEntry(newest(entries, "job.preview", job.id()), "job.preview", "job", job.id(), name, Outcome.SUCCESS);

        perform(post("/jobs/{id}/sync", job.id()));
        Run run = history.pageOfJob(job.id(), null).get(0);
        assertThat(run.trigger()).isEqualTo(RunTrigger.MANUAL);
        AuditEntry syncNow = newest(entries, "run.sync-now", job.id());
        assertEntry(syncNow, "run.sync-now", "job", job.id(), name, Outcome.SUCCESS);
        assertThat(syncNow.details()).isEqualTo("run #" + run.id() + " queued");
        await().atMost(Duration.ofSeconds(30))
                .until(() -> !history.find(run.id()).orElseThrow().isActive());

        perform(post("/runs/{id}/cancel", run.id()));
        AuditEntry cancel = newest(entries, "run.cancel", run.id());
        assertEntry(cancel, "run.cancel", "run", run.id(), "#" + run.id() + " of " + name, Outcome.FAILED);
        assertThat(cancel.reason()).isEqualTo("Run #" + run.id() + " has ended already; nothing to cancel.");

        perform(post("/runs/{id}/approve", run.id()));
        AuditEntry approve = newest(entries, "run.approve", run.id());
        assertEntry(approve, "run.approve", "run", run.id(), "#" + run.id() + " of " + name, Outcome.FAILED);
        assertThat(approve.reason()).contains("was not blocked");

        perform(post("/runs/{id}/stop-cleanup", run.id()));
        assertThat(newest(entries, "run.stop-cleanup", run.id()).outcome()).isEqualTo(Outcome.FAILED);

        perform(post("/jobs/{id}/delete", job.id()));
        assertThat(jobs.findById(job.id())).isEmpty();
        AuditEntry deleted = newest(entries, "job.delete", job.id());
        assertEntry(deleted, "job.delete", "job", job.id(), name, Outcome.SUCCESS);
        assertThat(deleted.details()).contains("paths: [/data/]");

        mvc.perform(post("/jobs/{id}/pause", job.id()).with(csrf()).with(fromTestAddress()))
                .andExpect(status().isNotFound());
        AuditEntry gone = newest(entries, "job.pause", job.id());
        assertThat(gone.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(gone.reason()).isEqualTo("HTTP 404 Not Found");
    }

    @Test
    void notificationTargets() throws Exception {
        Pair pair = testPairs.localPair(
                Files.createDirectories(dir.resolve("p")), Files.createDirectories(dir.resolve("s")));
        SyncJob job = testPairs.job(pair, List.of("/data/"));
        String address = "http://127.0.0.1:" + closedPort() + "/hook";
        perform(post("/settings/notifications")
                .param("kind", "webhook")
                .param("address", address)
                .param("jobId", job.id().toString())
                .param("events", "failed"));
        long id = jdbc.sql("SELECT id FROM notify_target WHERE address = ?")
                .param(address)
                .query(Long.class)
                .single();
        AuditEntry created = newest(entries, "notify-target.create", id);
        assertEntry(created, "notify-target.create", "notify-target", id, address, Outcome.SUCCESS);
        assertThat(created.details()).contains("kind: WEBHOOK").contains("events: failed");

        perform(post("/settings/notifications/{id}/disable", id));
        assertThat(newest(entries, "notify-target.disable", id).targetName()).isEqualTo(address);
        perform(post("/settings/notifications/{id}/enable", id));
        assertThat(newest(entries, "notify-target.enable", id).outcome()).isEqualTo(Outcome.SUCCESS);

        perform(post("/settings/notifications/{id}/test", id));
        AuditEntry test = newest(entries, "notify-target.test", id);
        assertEntry(test, "notify-target.test", "notify-target", id, address, Outcome.FAILED);
        assertThat(test.reason()).startsWith("The test notice to " + address + " failed: ");

        perform(post("/settings/notifications/{id}/delete", id));
        assertEntry(
                newest(entries, "notify-target.delete", id),
                "notify-target.delete",
                "notify-target",
                id,
                address,
                Outcome.SUCCESS);
    }

    @Test
    void apiTokensCreatedAndRevoked() throws Exception {
        String name = "audited-token-" + UUID.randomUUID().toString().substring(0, 8);
        perform(post("/settings/tokens").param("name", name).param("scopes", "MONITORING_READ"));
        long id = tokens.findByName(name).orElseThrow().id();
        AuditEntry created = newest(entries, "token.create", id);
        assertEntry(created, "token.create", "token", id, name, Outcome.SUCCESS);
        assertThat(created.details()).contains("scopes: monitoring:read").contains("tokenHash: (set)");

        perform(post("/settings/tokens/{id}/revoke", id));
        assertEntry(newest(entries, "token.revoke", id), "token.revoke", "token", id, name, Outcome.SUCCESS);
        perform(post("/settings/tokens/{id}/revoke", id));
        AuditEntry again = newest(entries, "token.revoke", id);
        assertThat(again.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(again.reason()).isEqualTo("Token \"" + name + "\" was revoked already.");
    }

    private void perform(MockHttpServletRequestBuilder request) throws Exception {
        mvc.perform(request.with(csrf()).with(fromTestAddress()));
    }

    static void assertEntry(AuditEntry entry, String action, String type, Object id, String name, Outcome outcome) {
        assertThat(entry.actor()).isEqualTo("alice");
        assertThat(entry.address()).isEqualTo(ADDRESS);
        assertThat(entry.action()).isEqualTo(action);
        assertThat(entry.targetType()).isEqualTo(type);
        assertThat(entry.targetId()).isEqualTo(String.valueOf(id));
        assertThat(entry.targetName()).isEqualTo(name);
        assertThat(entry.outcome()).isEqualTo(outcome);
        if (outcome == Outcome.SUCCESS) {
            assertThat(entry.reason()).isNull();
        }
    }

    private static MockHttpServletRequestBuilder hostForm(
            MockHttpServletRequestBuilder request, String name, String port) {
        return request.param("name", name)
                .param("address", "standby.example.org")
                .param("port", port)
                .param("username", "syncboard")
                .param("keySource", "file")
                .param("keyFile", "/etc/syncboard/id_test");
    }

    private static MockHttpServletRequestBuilder pairForm(
            MockHttpServletRequestBuilder request, String name, Host host, Path primary, Path standby) {
        return request.param("name", name)
                .param("primaryHostId", host.id().toString())
                .param("primaryPath", primary.toString())
                .param("standbyHostId", host.id().toString())
                .param("standbyPath", standby.toString());
    }

    private static MockHttpServletRequestBuilder jobForm(
            MockHttpServletRequestBuilder request, String name, Pair pair, String schedule) {
        return request.param("name", name)
                .param("pairId", pair.id().toString())
                .param("paths", "/data/")
                .param("schedule", schedule)
                .param("timeZone", "UTC")
                .param("enabled", "true");
    }

    /** A port nothing listens on (it was free a moment ago). */
    static int closedPort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
