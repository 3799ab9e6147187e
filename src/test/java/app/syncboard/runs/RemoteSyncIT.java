package app.syncboard.runs;

import static app.syncboard.TestUsers.user;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import app.syncboard.SyncboardTest;
import app.syncboard.TestPairs;
import app.syncboard.hosts.Direction;
import app.syncboard.hosts.HopSettings;
import app.syncboard.hosts.Host;
import app.syncboard.hosts.Hosts;
import app.syncboard.hosts.Pair;
import app.syncboard.jobs.CronSchedule;
import app.syncboard.jobs.JobCatalog;
import app.syncboard.jobs.JobDefinition;
import app.syncboard.jobs.JobStep;
import app.syncboard.jobs.JobStep.Phase;
import app.syncboard.jobs.JobStep.Side;
import app.syncboard.jobs.Preconditions;
import app.syncboard.jobs.SyncJob;
import app.syncboard.sshtest.SshTestServer;
import app.syncboard.sshtest.TestKeys;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;

/**
 * Syncs over real SSH: an in-process SSH server per side (MINA SSHD on 127.0.0.2 and 127.0.0.3, running commands
 * through /bin/sh like sshd), the app's JSch client, the runner's real ssh for the inner hop, and real rsync.
 */
@SyncboardTest
class RemoteSyncIT {

    private static final String USER = System.getProperty("user.name");

    @Autowired
    RunLauncher launcher;

    @Autowired
    Runs runs;

    @Autowired
    RunLogs logs;

    @Autowired
    Hosts hosts;

    @Autowired
    TestPairs testPairs;

    @Autowired
    MockMvc mvc;

    @Autowired
    JobCatalog catalog;

    @TempDir
    Path dir;

    TestKeys.ClientKey key;
    SshTestServer primaryServer;
    SshTestServer standbyServer;
    Host primaryHost;
    Host standbyHost;
    Path primary;
    Path standby;

    @BeforeEach
    void servers() throws IOException {
        key = TestKeys.ecdsa();
        primaryServer = SshTestServer.start("127.0.0.2", key);
        standbyServer = SshTestServer.start("127.0.0.3", key);
        primaryHost = host(primaryServer);
        standbyHost = host(standbyServer);
        primary = Files.createDirectories(dir.resolve("primary"));
        standby = Files.createDirectories(dir.resolve("standby"));
    }

    @AfterEach
    void stop() {
        primaryServer.close();
        standbyServer.close();
    }

    @Test
    void pushRunsRsyncOnThePrimaryOverSshAndSendsTheTreeToTheStandby() throws IOException {
        tree(primary.resolve("home"));
        Files.writeString(standby.resolve("stale.txt"), "deleted by --delete\n");
        SyncJob job = job(remotePair(Direction.PUSH), List.of("/"), Direction.PUSH);

        Run run = awaitFinished(
                launcher.launch(job.id(), RunTrigger.MANUAL, "alice").id());

        assertThat(run.status()).as(run.message()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(run.commandLine()).startsWith("[on " + primaryHost.name() + "] rsync ");
        assertSameTree(primary, standby);
        assertThat(standby.resolve("stale.txt")).doesNotExist();
        assertThat(primaryServer.executedCommands()).anyMatch(c -> c.contains("rsync"));
        assertThat(logs.text(run.id()).orElseThrow())
                .contains("home/a/file-1.txt")
                .contains("Number of files");
    }

    @Test
    void checksAndStepsRunOnTheirSideOverSshAndAnUnreachablePeerSkipsTheRun() throws IOException {
        tree(primary.resolve("home"));
        Path prepared = standby.resolve(".prepared");
        SyncJob job = catalog.create(new JobDefinition(
                        "checked-" + UUID.randomUUID(),
                        remotePair(Direction.PUSH).id(),
                        List.of("/home/"),
                        List.of(),
                        false,
                        CronSchedule.parse("0 3 1 1 *", "UTC"),
                        true)
                .withChecks(
                        new Preconditions(true, "/home/a/file-1.txt", false),
                        List.of(
                                new JobStep(Phase.CHECK, Side.PRIMARY, "test -d " + primary.resolve("home"), 0, false),
                                new JobStep(Phase.PRE, Side.STANDBY, "touch " + prepared, 0, false))));

        Run run = awaitFinished(
                launcher.launch(job.id(), RunTrigger.MANUAL, "alice").id());

        assertThat(run.status()).as(run.message()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(prepared).as("the pre-step ran on the standby host").exists();
        assertThat(standbyServer.executedCommands()).anyMatch(c -> c.contains("touch"));
        assertThat(primaryServer.executedCommands())
                .anyMatch(c -> c.contains("test") && c.contains("-e"))
                .anyMatch(c -> c.contains("ssh") && c.endsWith("true"));
        assertSameTree(primary.resolve("home"), standby.resolve("home"));

        standbyServer.close();
        Run skipped = awaitFinished(
                launcher.launch(job.id(), RunTrigger.MANUAL, "alice").id());

        assertThat(skipped.status()).isEqualTo(RunStatus.SKIPPED);
        assertThat(skipped.message())
                .startsWith("Precondition failed: " + standbyHost.name() + " is not reachable from "
                        + primaryHost.name() + " over ssh (exit code 255");
    }

    @Test
    void aStepFullOfShellSyntaxReachesTheRemoteHostAsPlainWords() throws IOException {
        tree(primary.resolve("home"));
        Path canary = dir.resolve("canary");
        String hostile = "$(touch " + canary + ") `touch " + canary + "` ';' touch " + canary + " '|' \"$HOME\" '*'";
        SyncJob job = catalog.create(new JobDefinition(
                        "hostile-" + UUID.randomUUID(),
                        remotePair(Direction.PUSH).id(),
                        List.of("/home/"),
                        List.of(),
                        false,
                        CronSchedule.parse("0 3 1 1 *", "UTC"),
                        true)
                .withChecks(
                        Preconditions.NONE,
                        List.of(new JobStep(Phase.PRE, Side.STANDBY, "echo " + hostile, 0, false))));

        Run run = awaitFinished(
                launcher.launch(job.id(), RunTrigger.MANUAL, "alice").id());

        assertThat(run.status()).as(run.message()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(canary).doesNotExist();
        assertThat(logs.text(run.id()).orElseThrow())
                .contains("$(touch " + canary + ") `touch " + canary + "` ; touch " + canary + " | $HOME *");
    }

    @Test
    void pullRunsRsyncOnTheStandbyAndFetchesFromThePrimary() throws IOException {
        tree(primary.resolve("srv"));
        SyncJob job = job(remotePair(Direction.PULL), List.of("/srv/"), Direction.PULL);

        Run run = awaitFinished(
                launcher.launch(job.id(), RunTrigger.MANUAL, "alice").id());

        assertThat(run.status()).as(run.message()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(run.commandLine()).startsWith("[on " + standbyHost.name() + "] rsync ");
        assertSameTree(primary.resolve("srv"), standby.resolve("srv"));
    }

    @Test
    void withTheLocalMachineAsPrimaryRsyncRunsHereAndTrustsOnlyTheStandbysAcceptedKey() throws IOException {
        tree(primary.resolve("data"));
        Pair pair = testPairs.pair(testPairs.localHost(), primary, standbyHost, standby, HopSettings.DEFAULTS);
        SyncJob job = job(pair, List.of("/data/"), Direction.PUSH);

        Run run = awaitFinished(
                launcher.launch(job.id(), RunTrigger.MANUAL, "alice").id());

        assertThat(run.status()).as(run.message()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(run.commandLine()).startsWith("rsync ").contains("HostKeyAlias=syncboard-host-" + standbyHost.id());
        assertSameTree(primary.resolve("data"), standby.resolve("data"));

        standbyServer.restartWithNewHostKey();
        Run refused = awaitFinished(
                launcher.launch(job.id(), RunTrigger.MANUAL, "alice").id());

        assertThat(refused.status()).isEqualTo(RunStatus.FAILED);
        // rsync exits 255 when it sees ssh fail, or 12 when it first sees the stream break; both name the hop.
        assertThat(refused.exitCode()).isIn(12, 255);
        assertThat(refused.message())
                .contains("on the inner hop from local to " + standbyHost.name())
                .contains("First error: Host key verification failed.");
        assertThat(logs.text(refused.id()).orElseThrow()).contains("REMOTE HOST IDENTIFICATION HAS CHANGED");
    }

    @Test
    void aClosedPortFailsAtOnceWithConnectionRefused() throws IOException {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        Host nobody = testPairs.sshHost("127.0.0.2", closed, USER, key.privateKeyPath(), primaryServer.hostKeyLine());
        SyncJob job = job(
                testPairs.pair(nobody, primary, standbyHost, standby, hop(standbyServer)),
                List.of("/"),
                Direction.PUSH);

        Run run = awaitFinished(
                launcher.launch(job.id(), RunTrigger.MANUAL, "alice").id());

        assertThat(run.status()).isEqualTo(RunStatus.FAILED);
        assertThat(run.message()).startsWith("Connection refused by 127.0.0.2:" + closed);
    }

    @Test
    void aKeyTheHostDoesNotKnowFailsAsAuthenticationFailed() throws IOException {
        TestKeys.ClientKey stranger = TestKeys.ecdsa();
        Host wrongKey = testPairs.sshHost(
                "127.0.0.2", primaryServer.port(), USER, stranger.privateKeyPath(), primaryServer.hostKeyLine());
        SyncJob job = job(
                testPairs.pair(wrongKey, primary, standbyHost, standby, hop(standbyServer)),
                List.of("/"),
                Direction.PUSH);

        Run run = awaitFinished(
                launcher.launch(job.id(), RunTrigger.MANUAL, "alice").id());

        assertThat(run.status()).isEqualTo(RunStatus.FAILED);
        assertThat(run.message()).startsWith("Authentication failed");
    }

    @Test
    void aChangedHostKeyIsRefusedNamingBothFingerprintsAndKeptForAnAdminToAccept() throws IOException {
        String before = primaryServer.hostKeySha256();
        Files.writeString(primary.resolve("f"), "x");
        SyncJob job = job(remotePair(Direction.PUSH), List.of("/"), Direction.PUSH);
        primaryServer.restartWithNewHostKey();

        Run run = awaitFinished(
                launcher.launch(job.id(), RunTrigger.MANUAL, "alice").id());

        assertThat(run.status()).isEqualTo(RunStatus.FAILED);
        assertThat(run.message())
                .startsWith("Host key changed for " + primaryHost.name())
                .contains("accepted " + before)
                .contains("presented now " + primaryServer.hostKeySha256());
        assertThat(standby.resolve("f")).doesNotExist();
        assertThat(primaryServer.executedCommands()).isEmpty();
        Host seen = hosts.findById(primaryHost.id()).orElseThrow();
        assertThat(seen.offeredKey().orElseThrow().fingerprint()).isEqualTo(primaryServer.hostKeySha256());
        assertThat(seen.acceptedKey().orElseThrow().fingerprint()).isEqualTo(before);
    }

    @Test
    void rsyncMissingOnTheRunnerIsSaidInWords() throws IOException {
        Path bin = Files.createDirectories(dir.resolve("only-sh"));
        Files.createSymbolicLink(bin.resolve("sh"), Path.of("/bin/sh"));
        primaryServer.withPath(bin.toString());
        SyncJob job = job(remotePair(Direction.PUSH), List.of("/"), Direction.PUSH);

        Run run = awaitFinished(
                launcher.launch(job.id(), RunTrigger.MANUAL, "alice").id());

        assertThat(run.status()).isEqualTo(RunStatus.FAILED);
        assertThat(run.message())
                .isEqualTo("rsync is not installed on " + primaryHost.name()
                        + " (its shell found no rsync on the PATH; exit code 127).");
    }

    @Test
    void theSshServerDyingMidTransferFailsTheRunInsteadOfHangingIt() throws Exception {
        GatedRsync gated = gatedRunner();
        gated.gate("gate-die");
        Files.createDirectories(primary.resolve("gate-die"));
        SyncJob job = job(remotePair(Direction.PUSH), List.of("/gate-die/"), Direction.PUSH);

        Run started = launcher.launch(job.id(), RunTrigger.MANUAL, "alice");
        await().until(() -> runs.findById(started.id()).orElseThrow().status() == RunStatus.RUNNING
                && primaryServer.executedCommands().stream().anyMatch(c -> c.contains("gate-die")));
        primaryServer.stopAbruptly();
        Run run = awaitFinished(started.id());

        assertThat(run.status()).isEqualTo(RunStatus.FAILED);
        assertThat(run.message())
                .contains("SSH connection to " + primaryHost.name())
                .contains("was lost");
        await().until(() -> processesMentioning(dir.toString()).isEmpty());
    }

    @Test
    void cancelStopsTheRemoteRsyncAndLeavesNoProcessBehind() throws Exception {
        GatedRsync gated = gatedRunner();
        gated.gate("gate-cancel");
        Files.createDirectories(primary.resolve("gate-cancel"));
        SyncJob job = job(remotePair(Direction.PUSH), List.of("/gate-cancel/"), Direction.PUSH);

        Run started = launcher.launch(job.id(), RunTrigger.MANUAL, "alice");
        await().until(() -> !processesMentioning(
                        dir.resolve("primary/./gate-cancel").toString())
                .isEmpty());
        // The run page's "Cancel run" button.
        mvc.perform(post("/runs/" + started.id() + "/cancel").with(user("bob")).with(csrf()))
                .andExpect(status().is3xxRedirection())
                .andExpect(
                        flash().attribute("notice", "Cancelling run #" + started.id() + ": rsync is being stopped."));
        Run run = awaitFinished(started.id());

        assertThat(run.status()).isEqualTo(RunStatus.CANCELLED);
        assertThat(run.message()).isEqualTo("Cancelled by bob.");
        assertThat(run.exitCode()).as("a killed rsync's code says nothing").isNull();
        await().until(() -> processesMentioning(dir.toString()).isEmpty());
        assertThat(launcher.cancel(started.id(), "bob")).isFalse();
    }

    @Test
    void aRunSilentForLongerThanTheNoOutputLimitIsStoppedAsTimedOut() throws Exception {
        GatedRsync gated = gatedRunner();
        gated.gate("gate-silent");
        Files.createDirectories(primary.resolve("gate-silent"));
        SyncJob job = testPairs.job(
                remotePair(Direction.PUSH), List.of("/gate-silent/"), List.of(), Direction.PUSH, Duration.ofSeconds(1));

        Run run = awaitFinished(
                launcher.launch(job.id(), RunTrigger.MANUAL, "alice").id());

        assertThat(run.status()).isEqualTo(RunStatus.TIMED_OUT);
        assertThat(run.message()).isEqualTo("Stopped: rsync printed nothing for 1 s (the job's no-output limit).");
        await().until(() -> processesMentioning(dir.toString()).isEmpty());
    }

    @Test
    void hostilePathsAndExcludesReachRsyncAsDataAndNoShellEverRunsThem() throws IOException {
        Path canary = dir.resolve("canary");
        List<String> hostile = List.of(
                "$(touch " + canary + ")",
                "`touch " + canary + "`",
                "x; touch " + canary,
                "x && touch " + canary,
                "x | touch " + canary,
                "it's \"quoted\"",
                "-e sh -c touch " + canary,
                "--rsh=touch " + canary,
                "*; touch " + canary);
        for (String name : hostile) {
            Path file = primary.resolve("hostile").resolve(name.replace("/", "_"));
            Files.createDirectories(file.getParent());
            Files.writeString(file, name);
        }
        List<String> paths = hostile.stream()
                .map(name -> "/hostile/" + name.replace("/", "_"))
                .toList();
        for (Direction direction : Direction.values()) {
            SyncJob job = testPairs.job(remotePair(direction), paths, hostile, direction, null);

            Run run = awaitFinished(
                    launcher.launch(job.id(), RunTrigger.MANUAL, "alice").id());

            assertThat(run.status()).as(direction + ": " + run.message()).isIn(RunStatus.SUCCEEDED, RunStatus.FAILED);
            assertThat(canary)
                    .as(direction + " must not run anything from the paths")
                    .doesNotExist();
        }
    }

    private GatedRsync gatedRunner() throws IOException {
        GatedRsync gated = GatedRsync.asRsyncIn(dir);
        primaryServer.withPath(gated.program().getParent() + ":" + System.getenv("PATH"));
        return gated;
    }

    /** Both sides remote; the runner's ssh reaches the peer with the test key and a known_hosts file of its own. */
    private Pair remotePair(Direction direction) throws IOException {
        SshTestServer peer = direction == Direction.PUSH ? standbyServer : primaryServer;
        return testPairs.pair(primaryHost, primary, standbyHost, standby, hop(peer));
    }

    private Host host(SshTestServer server) {
        return testPairs.sshHost(server.address(), server.port(), USER, key.privateKeyPath(), server.hostKeyLine());
    }

    private HopSettings hop(SshTestServer peer) throws IOException {
        Path knownHosts = Files.createTempFile(dir, "known_hosts-", "");
        Files.writeString(knownHosts, peer.knownHostsLine() + "\n");
        return new HopSettings(null, null, key.privateKeyPath().toString(), knownHosts.toString());
    }

    private SyncJob job(Pair pair, List<String> paths, Direction direction) {
        return testPairs.job(pair, paths, List.of(), direction, null);
    }

    private Run awaitFinished(long id) {
        await().atMost(Duration.ofSeconds(60))
                .until(() -> !runs.findById(id).orElseThrow().isActive());
        return runs.findById(id).orElseThrow();
    }

    private static void tree(Path root) throws IOException {
        for (int d = 0; d < 5; d++) {
            Path sub = Files.createDirectories(root.resolve(String.valueOf((char) ('a' + d))));
            for (int f = 0; f < 20; f++) {
                Files.writeString(sub.resolve("file-" + f + ".txt"), "content " + d + "/" + f + "\n");
            }
        }
        Files.writeString(root.resolve("with space.txt"), "spaces\n");
        Files.createSymbolicLink(root.resolve("link"), Path.of("a/file-1.txt"));
    }

    private static void assertSameTree(Path expected, Path actual) throws IOException {
        Process diff = new ProcessBuilder("diff", "-r", "--no-dereference", expected.toString(), actual.toString())
                .redirectErrorStream(true)
                .start();
        String out = new String(diff.getInputStream().readAllBytes());
        try {
            assertThat(diff.waitFor()).as(out).isZero();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Command lines of this machine's processes that contain {@code text} (the hosts are this machine). */
    private static List<String> processesMentioning(String text) {
        try (Stream<ProcessHandle> all = ProcessHandle.allProcesses()) {
            return all.filter(p -> p.pid() != ProcessHandle.current().pid())
                    .map(p -> p.info().commandLine().orElse(""))
                    .filter(line -> line.contains(text))
                    .toList();
        }
    }
}
