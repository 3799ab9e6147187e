package app.syncboard.runs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import app.syncboard.SyncboardTest;
import app.syncboard.TestPairs;
import app.syncboard.hosts.Direction;
import app.syncboard.hosts.HopSettings;
import app.syncboard.hosts.Host;
import app.syncboard.hosts.Pair;
import app.syncboard.hosts.Pairs;
import app.syncboard.jobs.SyncJob;
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

/**
 * A run reads the pair's role marker on both hosts before it copies, and refuses to copy over a standby that says it
 * is the primary. Two in-process SSH servers play the hosts, each running its commands in a directory of its own:
 * the two share this machine's filesystem, so the pair's marker path is relative ({@code role}) and names a file of
 * each host, as an absolute path does on two machines. The form takes only absolute paths; the run does not care.
 */
@SyncboardTest
class SplitBrainIT {

    private static final String USER = System.getProperty("user.name");
    private static final String MARKER = "role";
    private static final String REFUSING = ": refusing to copy over a primary (split brain?). Nothing was copied.";

    @Autowired
    RunLauncher launcher;

    @Autowired
    Runs runs;

    @Autowired
    RunLogs logs;

    @Autowired
    Pairs pairs;

    @Autowired
    TestPairs testPairs;

    @TempDir
    Path dir;

    TestKeys.ClientKey key;
    SshTestServer primaryServer;
    SshTestServer standbyServer;
    Host primaryHost;
    Host standbyHost;
    Path primaryMarker;
    Path standbyMarker;
    Path primary;
    Path standby;
    SyncJob job;

    @BeforeEach
    void pairWithRoleMarkers() throws IOException {
        key = TestKeys.ecdsa();
        Path primaryHome = Files.createDirectories(dir.resolve("primary-host"));
        Path standbyHome = Files.createDirectories(dir.resolve("standby-host"));
        primaryServer = SshTestServer.start("127.0.0.2", key).withDirectory(primaryHome);
        standbyServer = SshTestServer.start("127.0.0.3", key).withDirectory(standbyHome);
        primaryHost = host(primaryServer);
        standbyHost = host(standbyServer);
        primaryMarker = primaryHome.resolve(MARKER);
        standbyMarker = standbyHome.resolve(MARKER);
        primary = Files.createDirectories(dir.resolve("primary"));
        standby = Files.createDirectories(dir.resolve("standby"));
        Files.writeString(primary.resolve("db.dump"), "dump\n");

        Path knownHosts = Files.writeString(dir.resolve("known_hosts"), standbyServer.knownHostsLine() + "\n");
        HopSettings hop = new HopSettings(null, null, key.privateKeyPath().toString(), knownHosts.toString());
        Pair pair = testPairs.pair(primaryHost, primary, standbyHost, standby, hop);
        pair = pairs.save(pair.withRoleMarkerPath(MARKER, Instant.now()));
        job = testPairs.job(pair, List.of("/"), List.of(), Direction.PUSH, null);
    }

    @AfterEach
    void stop() {
        primaryServer.close();
        standbyServer.close();
    }

    @Test
    void aStandbyWhoseMarkerSaysPrimaryIsNotCopiedOver() throws IOException {
        // Roles switched by hand on the hosts, not in syncboard: the pair still names the old primary as primary.
        Files.writeString(primaryMarker, "standby\n");
        Files.writeString(standbyMarker, "primary\n");

        Run run = awaitFinished(launcher.launch(job.id(), RunTrigger.MANUAL, "alice"));

        assertThat(run.status()).as(run.message()).isEqualTo(RunStatus.SKIPPED);
        assertThat(run.message())
                .isEqualTo("Role conflict: the standby's role marker " + MARKER + " says primary (on "
                        + standbyHost.name() + "; the primary's says standby)" + REFUSING);
        assertThat(standby).isEmptyDirectory();
        assertThat(primaryServer.executedCommands()).noneMatch(command -> command.contains("rsync"));
        assertThat(logs.text(run.id()).orElseThrow())
                .contains("Role marker role on " + primaryHost.name() + " (the primary): says standby")
                .contains("Role marker role on " + standbyHost.name() + " (the standby): says primary");
    }

    @Test
    void twoPrimariesAreNotCopiedEitherWay() throws IOException {
        Files.writeString(primaryMarker, "primary\n");
        Files.writeString(standbyMarker, "PRIMARY\n");

        Run run = awaitFinished(launcher.launch(job.id(), RunTrigger.MANUAL, "alice"));

        assertThat(run.status()).as(run.message()).isEqualTo(RunStatus.SKIPPED);
        assertThat(run.message())
                .isEqualTo("Role conflict: the role marker " + MARKER + " says primary on both " + primaryHost.name()
                        + " (the primary) and " + standbyHost.name() + " (the standby)" + REFUSING);
        assertThat(standby).isEmptyDirectory();
    }

    @Test
    void aStandbyThatSaysStandbyOrHasNoMarkerIsCopiedTo() throws IOException {
        Files.writeString(primaryMarker, "primary\n");
        Files.writeString(standbyMarker, "standby\n");

        Run run = awaitFinished(launcher.launch(job.id(), RunTrigger.MANUAL, "alice"));

        assertThat(run.status()).as(run.message()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(standby.resolve("db.dump")).hasContent("dump\n");
        assertThat(logs.text(run.id()).orElseThrow())
                .contains("Role marker role on " + primaryHost.name() + " (the primary): says primary")
                .contains("Role marker role on " + standbyHost.name() + " (the standby): says standby");

        Files.delete(standbyMarker);
        Files.writeString(primary.resolve("later.txt"), "later\n");
        Run missing = awaitFinished(launcher.launch(job.id(), RunTrigger.MANUAL, "alice"));

        assertThat(missing.status()).as(missing.message()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(standby.resolve("later.txt")).hasContent("later\n");
        assertThat(logs.text(missing.id()).orElseThrow())
                .contains("Role marker role on " + standbyHost.name() + " (the standby): missing");
    }

    @Test
    void anUnreadableMarkerFailsLikeACheckAndAnUnreachableStandbyLikeAnyCommand() throws IOException {
        Files.writeString(primaryMarker, "primary\n");
        Files.createDirectory(standbyMarker);

        Run unreadable = awaitFinished(launcher.launch(job.id(), RunTrigger.MANUAL, "alice"));

        assertThat(unreadable.status()).as(unreadable.message()).isEqualTo(RunStatus.SKIPPED);
        assertThat(unreadable.message())
                .startsWith("Precondition failed: Could not read the role marker role on " + standbyHost.name())
                .endsWith("Nothing was changed.");

        standbyServer.close();
        Run unreachable = awaitFinished(launcher.launch(job.id(), RunTrigger.MANUAL, "alice"));

        assertThat(unreachable.status()).as(unreachable.message()).isEqualTo(RunStatus.FAILED);
        assertThat(unreachable.message())
                .startsWith("Connection refused by " + standbyServer.address() + ":" + standbyServer.port());
        assertThat(standby).isEmptyDirectory();
    }

    private Host host(SshTestServer server) {
        return testPairs.sshHost(server.address(), server.port(), USER, key.privateKeyPath(), server.hostKeyLine());
    }

    private Run awaitFinished(Run launched) {
        await().atMost(Duration.ofSeconds(60))
                .until(() -> !runs.findById(launched.id()).orElseThrow().isActive());
        return runs.findById(launched.id()).orElseThrow();
    }
}
