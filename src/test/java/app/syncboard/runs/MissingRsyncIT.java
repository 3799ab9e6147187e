package app.syncboard.runs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import app.syncboard.SyncboardTest;
import app.syncboard.TestPairs;
import app.syncboard.jobs.SyncJob;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

@SyncboardTest
@TestPropertySource(properties = "syncboard.rsync-command=rsync-not-installed-here")
class MissingRsyncIT {

    @Autowired
    RunLauncher launcher;

    @Autowired
    RunHistory history;

    @Autowired
    RunLogs logs;

    @Autowired
    TestPairs testPairs;

    @Test
    void runFailsWithAMessageSayingRsyncWasNotFound(@TempDir Path dir) throws Exception {
        SyncJob job = testPairs.job(
                testPairs.localPair(Files.createDirectories(dir.resolve("a")), dir.resolve("b")), List.of("/"));

        long id = launcher.launch(job.id(), RunTrigger.MANUAL, "alice").id();
        await().atMost(Duration.ofSeconds(10))
                .until(() -> !history.find(id).orElseThrow().isActive());

        Run run = history.find(id).orElseThrow();
        assertThat(run.status()).isEqualTo(RunStatus.FAILED);
        assertThat(run.exitCode()).isNull();
        assertThat(run.message())
                .isEqualTo("The program \"rsync-not-installed-here\" was not found on this machine;"
                        + " install it or set syncboard.rsync-command to its full path.");
        assertThat(logs.text(id).orElseThrow()).contains("was not found").doesNotContain("Exception");
    }
}
