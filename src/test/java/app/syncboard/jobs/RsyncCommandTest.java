package app.syncboard.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import app.syncboard.hosts.Host;
import app.syncboard.hosts.HostKind;
import app.syncboard.hosts.Pair;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class RsyncCommandTest {

    private static final Host LOCAL = new Host(1L, "local", HostKind.LOCAL);
    private static final Pair PAIR = Pair.create("p", 1, "/srv/primary/", 1, "/srv/standby", Instant.EPOCH);

    @Test
    void pathsAreSentRelativeToTheBaseSoThatTheyLandAtTheSamePathOnTheStandby() {
        SyncJob job = job(List.of("/home/", "/etc/passwd", "/"), List.of("lost+found/", "/proc"), true);

        RsyncCommand command = RsyncCommand.of("rsync", job, PAIR, LOCAL, LOCAL);

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
        RsyncCommand command =
                RsyncCommand.of("/usr/bin/rsync", job(List.of("/"), List.of(), false), PAIR, LOCAL, LOCAL);

        assertThat(command.arguments()).doesNotContain("--delete").startsWith("/usr/bin/rsync");
    }

    @Test
    void displayQuotesEveryArgumentThatNeedsIt() {
        SyncJob job = job(List.of("/a b/$(x)/"), List.of("*.tmp"), false);

        assertThat(RsyncCommand.of("rsync", job, PAIR, LOCAL, LOCAL).display())
                .isEqualTo("rsync --archive --relative --verbose --stats '--exclude=*.tmp' --"
                        + " '/srv/primary/./a b/$(x)/' /srv/standby/");
    }

    private static SyncJob job(List<String> paths, List<String> excludes, boolean delete) {
        return SyncJob.create(
                new JobDefinition("j", 1, paths, excludes, delete, CronSchedule.parse("@daily", "UTC"), true),
                Instant.EPOCH);
    }
}
