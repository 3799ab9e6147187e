package app.syncboard.runs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import app.syncboard.SyncboardTest;
import app.syncboard.TestPairs;
import app.syncboard.jobs.SyncJob;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * rsync here is a wrapper that waits at a named pipe before running the real rsync, so that a test holds a
 * run in RUNNING for exactly as long as it needs, without sleeping.
 */
@SyncboardTest
class OverlapIT {

    static Path gates;

    @DynamicPropertySource
    static void gatedRsync(DynamicPropertyRegistry registry) throws IOException {
        gates = Files.createTempDirectory("syncboard-gates");
        Path wrapper = gates.resolve("gated-rsync");
        Files.writeString(wrapper, """
                #!/bin/sh
                # The job's first path names the gate: wait until the test writes to it, then run rsync.
                for arg in "$@"; do case "$arg" in */./gate-*) gate="${arg##*/./}";; esac; done
                read go < "%s/${gate%%/}"
                exec rsync "$@"
                """.formatted(gates));
        Files.setPosixFilePermissions(wrapper, PosixFilePermissions.fromString("rwx------"));
        registry.add("syncboard.rsync-command", wrapper::toString);
    }

    @Autowired
    RunLauncher launcher;

    @Autowired
    RunHistory history;

    @Autowired
    TestPairs testPairs;

    @Test
    void secondTriggerWhileRunningIsSkippedWithTheReason() throws Exception {
        Path primary = Files.createDirectories(gates.resolve("primary/gate-a"));
        Path standby = Files.createDirectories(gates.resolve("standby"));
        Files.writeString(primary.resolve("file.txt"), "x");
        Path gate = mkfifo(gates.resolve("gate-a"));
        SyncJob job = testPairs.job(testPairs.localPair(gates.resolve("primary"), standby), List.of("/gate-a/"));

        Run first = launcher.launch(job.id(), RunTrigger.SCHEDULE, "schedule");
        await().atMost(Duration.ofSeconds(10))
                .until(() -> history.find(first.id()).orElseThrow().status() == RunStatus.RUNNING);

        Run second = launcher.launch(job.id(), RunTrigger.MANUAL, "bob");

        assertThat(second.status()).isEqualTo(RunStatus.SKIPPED);
        assertThat(second.message()).startsWith("Already running since ").contains("run #" + first.id());
        assertThat(history.find(second.id()).orElseThrow().status()).isEqualTo(RunStatus.SKIPPED);

        Files.writeString(gate, "go\n");
        await().atMost(Duration.ofSeconds(30))
                .until(() -> history.find(first.id()).orElseThrow().status() == RunStatus.SUCCEEDED);
        assertThat(standby.resolve("gate-a/file.txt")).exists();

        // The lock went with the first run: the next trigger runs.
        mkfifo(gate);
        Run third = launcher.launch(job.id(), RunTrigger.MANUAL, "bob");
        assertThat(third.status()).isEqualTo(RunStatus.QUEUED);
        Files.writeString(gate, "go\n");
        await().atMost(Duration.ofSeconds(30))
                .until(() -> history.find(third.id()).orElseThrow().status() == RunStatus.SUCCEEDED);
    }

    private static Path mkfifo(Path path) throws Exception {
        Files.deleteIfExists(path);
        Process mkfifo = new ProcessBuilder("mkfifo", path.toString()).start();
        assertThat(mkfifo.waitFor()).isZero();
        return path;
    }
}
