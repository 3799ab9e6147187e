package app.syncboard.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import app.syncboard.hosts.Direction;
import app.syncboard.hosts.HopSettings;
import app.syncboard.hosts.Hops;
import app.syncboard.hosts.Host;
import app.syncboard.hosts.HostKind;
import app.syncboard.hosts.Pair;
import app.syncboard.hosts.SshSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RsyncCommandTest {

    private static final String KEY =
            "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIJNMnUDphyST9SZ+SHaOanfiH2VL9t2Jwvitk+Jvo68u";
    private static final Host LOCAL =
            new Host(1L, "local", HostKind.LOCAL, null, null, null, null, null, null, null, null, null, 0L, null, null);
    private static final Host ALPHA = remote(2L, "alpha", "10.0.0.2", 22);
    private static final Host BETA = remote(3L, "beta", "fd00::3", 2222);
    private static final Pair PAIR = Pair.create("p", 1, "/srv/primary/", 1, "/srv/standby", Instant.EPOCH);

    /** The invocation of a job whose paths are all unmapped. */
    private static RsyncCommand single(String program, SyncJob job, Pair pair, Hops.Route route) {
        List<RsyncCommand> all = RsyncCommand.all(program, job, pair, route);
        assertThat(all).hasSize(1);
        return all.get(0);
    }

    @TempDir
    Path knownHostsDir;

    @Test
    void pathsAreSentRelativeToTheBaseSoThatTheyLandAtTheSamePathOnTheStandby() {
        SyncJob job = job(List.of("/home/", "/etc/passwd", "/"), List.of("lost+found/", "/proc"), true);

        RsyncCommand command = single("rsync", job, PAIR, hops().route(PAIR, LOCAL, LOCAL, Direction.PUSH));

        assertThat(command.runner()).isEqualTo(LOCAL);
        assertThat(command.arguments())
                .containsExactly(
                        "rsync",
                        "--archive",
                        "--relative",
                        "--verbose",
                        "--stats",
                        "--delete",
                        "--exclude=lost+found/",
                        "--exclude=/proc",
                        "--",
                        "/srv/primary/./home/",
                        "/srv/primary/./etc/passwd",
                        "/srv/primary/./",
                        "/srv/standby/");
    }

    @Test
    void withoutDeleteNothingIsRemovedOnTheStandby() {
        RsyncCommand command = single(
                "/usr/bin/rsync",
                job(List.of("/"), List.of(), false),
                PAIR,
                hops().route(PAIR, LOCAL, LOCAL, Direction.PUSH));

        assertThat(command.arguments()).doesNotContain("--delete").startsWith("/usr/bin/rsync");
    }

    @Test
    void displayQuotesEveryArgumentThatNeedsIt() {
        SyncJob job = job(List.of("/a b/$(x)/"), List.of("*.tmp"), false);

        assertThat(single("rsync", job, PAIR, hops().route(PAIR, LOCAL, LOCAL, Direction.PUSH))
                        .display())
                .isEqualTo("rsync --archive --relative --verbose --stats '--exclude=*.tmp' --"
                        + " '/srv/primary/./a b/$(x)/' /srv/standby/");
    }

    @Test
    void pushRunsOnThePrimaryAndSendsToTheStandbyWithTheHopSettingsOfThePair() {
        Pair pair = remotePair(new HopSettings("10.9.9.3", 2022, "/root/.ssh/id_sync", "/etc/ssh/sync_known_hosts"));

        RsyncCommand command =
                single("rsync", job(List.of("/home/"), List.of(), true), pair, route(pair, Direction.PUSH));

        assertThat(command.runner()).isEqualTo(ALPHA);
        assertThat(command.peer()).contains(BETA);
        assertThat(command.arguments()).containsSubsequence("--protect-args", "-e");
        String rsh = command.arguments().get(command.arguments().indexOf("-e") + 1);
        assertThat(rsh)
                .startsWith("ssh -p 2022 -o BatchMode=yes -o StrictHostKeyChecking=yes")
                .contains("-i /root/.ssh/id_sync -o IdentitiesOnly=yes")
                .contains("-o UserKnownHostsFile=/etc/ssh/sync_known_hosts")
                .doesNotContain("StrictHostKeyChecking=no");
        assertThat(command.arguments()).endsWith("--", "/srv/a/./home/", "root@10.9.9.3:/srv/b/");
        assertThat(command.display()).startsWith("[on alpha] rsync ");
    }

    @Test
    void pullRunsOnTheStandbyAndFetchesFromThePrimaryAtItsOwnAddressByDefault() {
        Pair pair = remotePair(HopSettings.DEFAULTS);

        RsyncCommand command =
                single("rsync", job(List.of("/home/", "/etc/"), List.of(), false), pair, route(pair, Direction.PULL));

        assertThat(command.runner()).isEqualTo(BETA);
        assertThat(command.arguments())
                .endsWith("--", "root@10.0.0.2:/srv/a/./home/", "root@10.0.0.2:/srv/a/./etc/", "/srv/b/");
        String rsh = command.arguments().get(command.arguments().indexOf("-e") + 1);
        assertThat(rsh).startsWith("ssh -p 22 ").doesNotContain("-i ").doesNotContain("UserKnownHostsFile");
    }

    @Test
    void withALocalSideRsyncRunsOnThisMachineAndTrustsOnlyThePeersAcceptedKey() throws Exception {
        Pair pair = Pair.create("mixed", 1, "/srv/a", 3, "/srv/b", Instant.EPOCH);

        RsyncCommand command = single(
                "rsync", job(List.of("/x/"), List.of(), false), pair, hops().route(pair, LOCAL, BETA, Direction.PULL));

        assertThat(command.runner()).isEqualTo(LOCAL);
        assertThat(command.arguments()).endsWith("/srv/a/./x/", "root@[fd00::3]:/srv/b/");
        String rsh = command.arguments().get(command.arguments().indexOf("-e") + 1);
        Path knownHosts = knownHostsDir.resolve("known_hosts-3");
        assertThat(rsh)
                .contains("-p 2222")
                .contains("-i /keys/beta -o IdentitiesOnly=yes")
                .contains("-o UserKnownHostsFile=" + knownHosts)
                .contains("-o GlobalKnownHostsFile=/dev/null -o HostKeyAlias=syncboard-host-3");
        assertThat(Files.readString(knownHosts)).isEqualTo("syncboard-host-3 " + KEY + "\n");
    }

    @Test
    void aPeerWhoseKeyIsNotAcceptedCannotBeReachedFromThisMachine() {
        Host unaccepted = Host.ssh("gamma", "10.0.0.4", 22, "root", "/keys/gamma", null, null, Instant.EPOCH);
        Host gamma = new Host(
                4L,
                unaccepted.name(),
                unaccepted.kind(),
                unaccepted.address(),
                22,
                "root",
                "/keys/gamma",
                null,
                null,
                null,
                null,
                null,
                0L,
                null,
                null);
        Pair pair = Pair.create("unaccepted", 1, "/srv/a", 4, "/srv/b", Instant.EPOCH);

        assertThatThrownBy(() -> hops().route(pair, LOCAL, gamma, Direction.PUSH))
                .isInstanceOf(Hops.HopProblem.class)
                .hasMessageContaining("has not been accepted yet");
    }

    private Hops.Route route(Pair pair, Direction direction) {
        return hops().route(pair, ALPHA, BETA, direction);
    }

    private Hops hops() {
        return new Hops(new SshSettings(
                Duration.ofSeconds(10), Duration.ofSeconds(15), 4, Duration.ofSeconds(5), knownHostsDir));
    }

    private static Pair remotePair(HopSettings hop) {
        return Pair.create("remote", 2, "/srv/a", 3, "/srv/b", hop, Instant.EPOCH);
    }

    private static Host remote(long id, String name, String address, int port) {
        return new Host(
                id,
                name,
                HostKind.SSH,
                address,
                port,
                "root",
                "/keys/" + name,
                null,
                null,
                KEY,
                null,
                null,
                0L,
                null,
                null);
    }

    private static SyncJob job(List<String> paths, List<String> excludes, boolean delete) {
        return SyncJob.create(
                new JobDefinition("j", 1, paths, excludes, delete, CronSchedule.parse("@daily", "UTC"), true),
                Instant.EPOCH);
    }
}
