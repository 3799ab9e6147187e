package app.syncboard.audit;

import static app.syncboard.audit.AuditTrail.ADDRESS;
import static app.syncboard.audit.AuditTrail.everything;
import static app.syncboard.audit.AuditTrail.fromTestAddress;
import static app.syncboard.audit.AuditTrail.newest;
import static app.syncboard.audit.AuditTrail.of;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import app.syncboard.TestPairs;
import app.syncboard.audit.AuditEvent.Outcome;
import app.syncboard.audit.AuditTrail.AuditTest;
import app.syncboard.hosts.Pair;
import app.syncboard.jobs.SyncJob;
import app.syncboard.runs.Run;
import app.syncboard.runs.RunHistory;
import app.syncboard.security.ApiTokens;
import app.syncboard.security.Scope;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.MockMvc;

/**
 * Signing in and out, and the API: sign-ins that worked and failed (with the name as typed, never the password),
 * actions of a token recorded as {@code token:<name>}, and requests a token's scope does not allow as DENIED.
 */
@AuditTest
class AuditedSignInAndApiIT {

    private static final String PASSWORD = "test-admin-password";

    @Autowired
    MockMvc mvc;

    @Autowired
    AuditEntries entries;

    @Autowired
    ApiTokens tokens;

    @Autowired
    TestPairs testPairs;

    @Autowired
    RunHistory history;

    @TempDir
    Path dir;

    @Test
    void aSignInAndASignOutAreRecordedWithTheAddress() throws Exception {
        MockHttpSession session = new MockHttpSession();
        int before = of(entries, "login.success").size();
        mvc.perform(post("/login")
                        .session(session)
                        .with(csrf())
                        .with(fromTestAddress())
                        .param("username", "admin")
                        .param("password", PASSWORD))
                .andExpect(redirectedUrl("/"));

        assertThat(of(entries, "login.success")).as("one entry per sign-in").hasSize(before + 1);
        AuditEntry signedIn = newest(entries, "login.success");
        assertThat(signedIn.actor()).isEqualTo("admin");
        assertThat(signedIn.address()).isEqualTo(ADDRESS);
        assertThat(signedIn.outcome()).isEqualTo(Outcome.SUCCESS);
        assertThat(signedIn.targetName()).isEqualTo("admin");

        mvc.perform(post("/logout").session(session).with(csrf()).with(fromTestAddress()))
                .andExpect(redirectedUrl("/login?logout"));
        AuditEntry signedOut = newest(entries, "logout");
        assertThat(signedOut.actor()).isEqualTo("admin");
        assertThat(signedOut.address()).isEqualTo(ADDRESS);
    }

    @Test
    void aFailedSignInKeepsTheTypedNameMadeHarmlessButNeverThePassword() throws Exception {
        String password = "planted-password-" + UUID.randomUUID();
        mvc.perform(post("/login")
                        .with(csrf())
                        .with(AuditTrail.from("198.51.100.7"))
                        .param("username", "  mallory\u0000\r\nFAKE ENTRY\u202e " + "x".repeat(300))
                        .param("password", password))
                .andExpect(redirectedUrl("/login?error"));
        mvc.perform(post("/login")
                        .with(csrf())
                        .with(AuditTrail.from("198.51.100.7"))
                        .param("username", "admin")
                        .param("password", password))
                .andExpect(redirectedUrl("/login?error"));

        List<AuditEntry> failures = of(entries, "login.failure");
        AuditEntry wrongPassword = failures.get(0);
        assertThat(wrongPassword.actor()).isEqualTo("admin");
        assertThat(wrongPassword.address()).isEqualTo("198.51.100.7");
        assertThat(wrongPassword.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(wrongPassword.reason()).isEqualTo("Wrong user name or password.");
        AuditEntry unknown = failures.get(1);
        assertThat(unknown.actor())
                .startsWith("mallory ")
                .contains(" FAKE ENTRY x")
                .endsWith("…")
                .hasSize(SecurityAudit.MAX_TYPED_NAME + 1)
                .doesNotContain("\n", "\r", "\u0000", "\u202e");
        assertThat(everything(entries)).noneMatch(entry -> entry.contains(password));
    }

    @Test
    void aTokenActsAsTokenAndNameAndIsDeniedWhatItsScopeDoesNotAllow(@TempDir Path dir) throws Exception {
        Path primary = Files.createDirectories(dir.resolve("primary/data"));
        Files.writeString(primary.resolve("file"), "x\n");
        Pair pair = testPairs.localPair(primary.getParent(), Files.createDirectories(dir.resolve("standby")));
        SyncJob job = testPairs.job(pair, List.of("/data/"));
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String runner = tokens.create("runner-" + suffix, Set.of(Scope.RUNS_TRIGGER), "alice")
                .value();
        String monitoring = tokens.create("nagios-" + suffix, Set.of(Scope.MONITORING_READ), "alice")
                .value();

        mvc.perform(post("/api/v1/jobs/{id}/runs", job.id())
                        .header(HttpHeaders.AUTHORIZATION, "Bearer " + runner)
                        .with(fromTestAddress()))
                .andExpect(status().isAccepted());
        Run run = history.pageOfJob(job.id(), null).get(0);
        AuditEntry triggered = newest(entries, "run.sync-now", job.id());
        assertThat(triggered.actor()).isEqualTo("token:runner-" + suffix);
        assertThat(triggered.address()).isEqualTo(ADDRESS);
        assertThat(triggered.targetType()).isEqualTo("job");
        assertThat(triggered.targetName()).isEqualTo(job.name());
        assertThat(triggered.outcome()).isEqualTo(Outcome.SUCCESS);
        assertThat(triggered.details()).isEqualTo("run #" + run.id() + " queued");
        assertThat(run.triggeredBy()).as("the run keeps the token's own name").isEqualTo("runner-" + suffix);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> !history.find(run.id()).orElseThrow().isActive());

        mvc.perform(post("/api/v1/runs/{id}/cancel", run.id())
                        .header(HttpHeaders.AUTHORIZATION, "Bearer " + runner)
                        .with(fromTestAddress()))
                .andExpect(status().isConflict());
        AuditEntry cancel = newest(entries, "run.cancel", run.id());
        assertThat(cancel.actor()).isEqualTo("token:runner-" + suffix);
        assertThat(cancel.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(cancel.reason()).isEqualTo("Run #" + run.id() + " has ended already.");

        mvc.perform(post("/api/v1/jobs/{id}/runs", job.id())
                        .header(HttpHeaders.AUTHORIZATION, "Bearer " + monitoring)
                        .with(AuditTrail.from("203.0.113.9")))
                .andExpect(status().isForbidden());
        AuditEntry denied = newest(entries, "run.sync-now", job.id());
        assertThat(denied.actor()).isEqualTo("token:nagios-" + suffix);
        assertThat(denied.address()).isEqualTo("203.0.113.9");
        assertThat(denied.outcome()).isEqualTo(Outcome.DENIED);
        assertThat(denied.targetType()).isEqualTo("job");
        assertThat(denied.targetName()).isEqualTo(job.name());
        assertThat(denied.reason()).isEqualTo("Not allowed with SCOPE_monitoring:read.");
        assertThat(history.countOfJob(job.id())).as("nothing started").isEqualTo(1);

        mvc.perform(post("/api/v1/nothing-here")
                        .header(HttpHeaders.AUTHORIZATION, "Bearer " + monitoring)
                        .with(fromTestAddress()))
                .andExpect(status().isForbidden());
        AuditEntry unknownPath = newest(entries, "http.post");
        assertThat(unknownPath.outcome()).isEqualTo(Outcome.DENIED);
        assertThat(unknownPath.details()).isEqualTo("request: POST /api/v1/nothing-here");

        int recorded = everything(entries).size();
        mvc.perform(post("/api/v1/jobs/{id}/runs", job.id()).with(fromTestAddress()))
                .andExpect(status().isUnauthorized());
        assertThat(everything(entries))
                .as("a request without a token is nobody's action")
                .hasSize(recorded);
    }
}
