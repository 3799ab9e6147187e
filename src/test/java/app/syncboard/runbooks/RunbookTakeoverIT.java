package app.syncboard.runbooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import app.syncboard.SyncboardTest;
import app.syncboard.TestPairs;
import app.syncboard.hosts.Direction;
import app.syncboard.hosts.HopSettings;
import app.syncboard.hosts.Host;
import app.syncboard.hosts.Pair;
import app.syncboard.hosts.Pairs;
import app.syncboard.jobs.SyncJob;
import app.syncboard.runs.Run;
import app.syncboard.runs.RunHistory;
import app.syncboard.runs.RunLauncher;
import app.syncboard.runs.RunStatus;
import app.syncboard.runs.RunTrigger;
import app.syncboard.sshtest.SshTestServer;
import app.syncboard.sshtest.TestKeys;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;

/**
 * A whole takeover over real SSH: two in-process SSH servers (MINA SSHD on 127.0.0.2 and 127.0.0.3) stand for the
 * primary "alpha" and the standby "beta". Both are this machine, so each runs its commands in a directory of its own
 * and the pair's role marker is a path relative to it: each host has its own {@code role} file.
 */
@SyncboardTest
class RunbookTakeoverIT {

    private static final String USER = System.getProperty("user.name");

    @Autowired
    MockMvc mvc;

    @Autowired
    Runbooks runbooks;

    @Autowired
    Executions executions;

    @Autowired
    Pairs pairs;

    @Autowired
    RunLauncher launcher;

    @Autowired
    RunHistory history;

    @Autowired
    TestPairs testPairs;

    @Autowired
    JdbcClient jdbc;

    @TempDir
    Path dir;

    TestKeys.ClientKey key;
    SshTestServer alphaServer;
    SshTestServer betaServer;
    Path alpha;
    Path beta;

    @BeforeEach
    void hosts() throws Exception {
        key = TestKeys.ecdsa();
        alpha = Files.createDirectories(dir.resolve("alpha"));
        beta = Files.createDirectories(dir.resolve("beta"));
        alphaServer = SshTestServer.start("127.0.0.2", key).withDirectory(alpha);
        betaServer = SshTestServer.start("127.0.0.3", key).withDirectory(beta);
    }

    @AfterEach
    void stop() {
        alphaServer.close();
        betaServer.close();
    }

    @Test
    void theStandbyTakesOverAndTheSyncsCopyTheOtherWayOnceConfirmed() throws Exception {
        Host alphaHost = host(alphaServer);
        Host betaHost = host(betaServer);
        Path alphaData = Files.createDirectories(alpha.resolve("data"));
        Path betaData = Files.createDirectories(beta.resolve("data"));
        Files.writeString(alphaData.resolve("only-on-the-old-primary.txt"), "stale\n");
        Files.writeString(alpha.resolve("role"), "primary\n");
        Files.writeString(beta.resolve("role"), "standby\n");
        Pair pair = testPairs.pair(alphaHost, alphaData, betaHost, betaData, hop());
        pair = pairs.save(pair.withRoleMarkerPath("role", Instant.now()));
        SyncJob job = testPairs.job(pair, List.of("/"), List.of(), Direction.PUSH, null);
        Runbooks.Saved saved = runbooks.create(pair.id(), """
                name: Beta takes over
                description: Alpha is gone; beta becomes the primary.
                steps:
                - title: Stop services on the standby
                  command: touch services-stopped && echo services stopped
                  host: standby
                - title: The replica has caught up
                  wait_until:
                    command: n=$(( $(cat polls 2>/dev/null || echo 0) + 1 )); echo "$n" > polls; echo "poll $n"; [ "$n" -ge 3 ]
                    host: standby
                    every: 1s
                  timeout: 2m
                - title: Fence the old primary
                  manual: Power alpha off and say how in the comment.
                - title: Promote the standby
                  role_switch: true
                - title: Tell people
                  notify: Beta has taken over.
                """);
        assertThat(saved.problems()).isEmpty();
        long runbookId = saved.runbook().id();

        // As the admins do it: the start form with the pair's name typed, Done on the execution's page, and the
        // confirmation on the dashboard.
        mvc.perform(post("/runbooks/{id}/start", runbookId)
                        .param("pairName", pair.name())
                        .with(user("alice").roles("ADMIN"))
                        .with(csrf()))
                .andExpect(status().is3xxRedirection());
        long id = executions.ofRunbook(runbookId, 1).get(0).id();
        Execution waiting = awaitStatus(id, ExecutionStatus.WAITING);

        assertThat(waiting.currentStep()).isEqualTo(2);
        ExecutionStep stopped = step(id, 0);
        assertThat(stopped.status()).isEqualTo(StepStatus.SUCCEEDED);
        assertThat(stopped.exitCode()).isZero();
        assertThat(stopped.attempts()).isEqualTo(1);
        assertThat(stopped.log())
                .contains("$ touch services-stopped && echo services stopped   (on standby (" + betaHost.name() + "))")
                .contains("services stopped\nexit code 0");
        assertThat(beta.resolve("services-stopped")).as("ran on the standby").exists();
        assertThat(alpha.resolve("services-stopped")).doesNotExist();
        ExecutionStep caughtUp = step(id, 1);
        assertThat(caughtUp.status()).isEqualTo(StepStatus.SUCCEEDED);
        assertThat(caughtUp.exitCode()).isZero();
        assertThat(caughtUp.log())
                .contains("Polling every 1s, for at most 2m.")
                .containsSubsequence(
                        "Poll 1: exit 1, output 'poll 1' - not yet.",
                        "Poll 2: exit 1, output 'poll 2' - not yet.",
                        "Poll 3: exit 0, output 'poll 3' - the condition holds.")
                .doesNotContain("Poll 4");
        ExecutionStep fence = step(id, 2);
        assertThat(fence.status()).isEqualTo(StepStatus.WAITING);
        assertThat(fence.log()).contains("Power alpha off and say how in the comment.");
        assertThat(step(id, 3).status()).isEqualTo(StepStatus.PENDING);
        assertThat(pairs.findById(pair.id()).orElseThrow().primaryHostId())
                .as("nothing switched before Done")
                .isEqualTo(alphaHost.id());

        mvc.perform(post("/runbooks/executions/{id}/steps/{position}/done", id, 2)
                        .param("comment", "Pulled alpha's power cords.")
                        .with(user("bob").roles("OPERATOR"))
                        .with(csrf()))
                .andExpect(status().is3xxRedirection());
        Execution done = awaitStatus(id, ExecutionStatus.SUCCEEDED);

        assertThat(done.message()).isEqualTo("Every step done.");
        assertThat(done.endedAt()).isNotNull();
        assertThat(step(id, 2).status()).isEqualTo(StepStatus.SUCCEEDED);
        assertThat(step(id, 2).note()).isEqualTo("Pulled alpha's power cords.");
        assertThat(step(id, 2).doneBy()).isEqualTo("bob");
        ExecutionStep promoted = step(id, 3);
        assertThat(promoted.status()).isEqualTo(StepStatus.SUCCEEDED);
        assertThat(promoted.newPrimaryHostId()).isEqualTo(betaHost.id());
        assertThat(promoted.log())
                .contains(alphaHost.name() + ": role now says standby")
                .contains(betaHost.name() + ": role now says primary")
                .contains(betaHost.name() + " (" + betaData + ") is the primary now, " + alphaHost.name() + " ("
                        + alphaData + ") the standby.");
        ExecutionStep told = step(id, 4);
        assertThat(told.status()).isEqualTo(StepStatus.SUCCEEDED);
        assertThat(told.log()).contains("Beta has taken over.");

        assertThat(beta.resolve("role")).hasContent("primary");
        assertThat(alpha.resolve("role")).hasContent("standby");
        Pair switched = pairs.findById(pair.id()).orElseThrow();
        assertThat(switched.primaryHostId()).isEqualTo(betaHost.id());
        assertThat(switched.primaryPath()).isEqualTo(betaData.toString());
        assertThat(switched.standbyHostId()).isEqualTo(alphaHost.id());
        assertThat(switched.standbyPath()).isEqualTo(alphaData.toString());
        assertThat(switched.awaitsDirectionConfirmation()).isTrue();
        assertThat(switched.rolesSwitchedBy()).isEqualTo("alice");
        assertThat(switched.isPaused()).isTrue();
        assertThat(executions.activeOfPair(pair.id())).isEmpty();
        Runbook runbook = runbooks.find(runbookId).orElseThrow();
        assertThat(runbook.lastExecutedAt()).isNotNull();
        assertThat(runbook.lastRehearsedAt()).isNull();
        await().untilAsserted(() -> assertThat(audit())
                .containsExactly(
                        "alice runbook.start SUCCESS", "bob runbook.step-done SUCCESS", "alice runbook.end SUCCESS"));

        Files.writeString(betaData.resolve("written-on-the-new-primary.txt"), "fresh\n");
        Run unconfirmed = launcher.launch(job.id(), RunTrigger.MANUAL, "alice");

        assertThat(unconfirmed.status()).isEqualTo(RunStatus.SKIPPED);
        assertThat(unconfirmed.message()).startsWith("The pair " + pair.name() + " is paused: Roles switched by alice");
        assertThat(alphaData.resolve("written-on-the-new-primary.txt")).doesNotExist();
        assertThat(alphaData.resolve("only-on-the-old-primary.txt")).exists();

        mvc.perform(post("/pairs/{id}/confirm-direction", pair.id())
                        .param("version", String.valueOf(switched.version()))
                        .param("back", "dashboard")
                        .with(user("carol").roles("OPERATOR"))
                        .with(csrf()))
                .andExpect(redirectedUrl("/"));
        assertThat(audit()).last().isEqualTo("carol pair.confirm-direction SUCCESS");
        Run confirmed = awaitFinished(
                launcher.launch(job.id(), RunTrigger.MANUAL, "alice").id());

        assertThat(confirmed.status()).as(confirmed.message()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(confirmed.commandLine()).startsWith("[on " + betaHost.name() + "] rsync ");
        assertThat(alphaData.resolve("written-on-the-new-primary.txt")).hasContent("fresh");
        assertThat(alphaData.resolve("only-on-the-old-primary.txt"))
                .as("the job deletes what the new primary does not have")
                .doesNotExist();
        assertThat(betaData.resolve("written-on-the-new-primary.txt")).hasContent("fresh");
    }

    private Host host(SshTestServer server) {
        return testPairs.sshHost(server.address(), server.port(), USER, key.privateKeyPath(), server.hostKeyLine());
    }

    /** Whichever host runs rsync reaches the other with the test key, knowing both host keys. */
    private HopSettings hop() throws IOException {
        Path knownHosts = Files.createTempFile(dir, "known_hosts-", "");
        Files.writeString(knownHosts, alphaServer.knownHostsLine() + "\n" + betaServer.knownHostsLine() + "\n");
        return new HopSettings(null, null, key.privateKeyPath().toString(), knownHosts.toString());
    }

    private Execution awaitStatus(long id, ExecutionStatus status) {
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            ExecutionStatus now = executions.find(id).orElseThrow().status();
            if (now != status && !now.isActive() || now == ExecutionStatus.HALTED) {
                throw new AssertionError(
                        "execution #" + id + " is " + now + ", expected " + status + ": " + executions.steps(id));
            }
            return now == status;
        });
        return executions.find(id).orElseThrow();
    }

    private ExecutionStep step(long id, int position) {
        return executions.steps(id).get(position);
    }

    private Run awaitFinished(long runId) {
        await().atMost(Duration.ofSeconds(60))
                .until(() -> !history.find(runId).orElseThrow().isActive());
        return history.find(runId).orElseThrow();
    }

    /** "actor action OUTCOME" of the execution's audit entries, oldest first. */
    /** The audit entries of the runbook's actions and of the confirmation, oldest first. */
    private List<String> audit() {
        return jdbc.sql("SELECT actor, action, outcome FROM audit_event WHERE action LIKE 'runbook.%'"
                        + " OR action = 'pair.confirm-direction' ORDER BY id")
                .query((rs, row) ->
                        rs.getString("actor") + " " + rs.getString("action") + " " + rs.getString("outcome"))
                .list();
    }
}
