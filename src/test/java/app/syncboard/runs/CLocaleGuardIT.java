package app.syncboard.runs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import app.syncboard.SyncboardTest;
import app.syncboard.TestPairs;
import app.syncboard.jobs.CronSchedule;
import app.syncboard.jobs.DeletionGuard;
import app.syncboard.jobs.JobCatalog;
import app.syncboard.jobs.JobDefinition;
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
 * rsync started without a UTF-8 locale (a systemd service without LANG, an ssh session that does not forward it)
 * escapes non-ASCII names as {@code \#ooo}; the deletion guard must still see which job path a name belongs to.
 */
@SyncboardTest
class CLocaleGuardIT {

    static Path root;

    @DynamicPropertySource
    static void rsyncInTheCLocale(DynamicPropertyRegistry registry) throws IOException {
        root = Files.createTempDirectory("syncboard-c-locale");
        Path program = root.resolve("rsync-c-locale");
        Files.writeString(program, "#!/bin/sh\nLC_ALL=C LANG=C exec rsync \"$@\"\n");
        Files.setPosixFilePermissions(program, PosixFilePermissions.fromString("rwx------"));
        registry.add("syncboard.rsync-command", program::toString);
    }

    @Autowired
    RunLauncher launcher;

    @Autowired
    RunHistory history;

    @Autowired
    TestPairs testPairs;

    @Autowired
    JobCatalog catalog;

    @Test
    void anUnmountedPathWithNonAsciiLettersIsBlocked() throws IOException {
        Path primary = Files.createDirectories(root.resolve("primary/données"));
        Path standby = Files.createDirectories(root.resolve("standby/données"));
        for (int i = 0; i < 5; i++) {
            Files.writeString(standby.resolve("é" + i), "x\n");
        }
        SyncJob job = catalog.create(new JobDefinition(
                        "c-locale",
                        testPairs
                                .localPair(primary.getParent(), standby.getParent())
                                .id(),
                        List.of("/données/"),
                        List.of(),
                        true,
                        CronSchedule.parse("0 3 1 1 *", "UTC"),
                        true)
                .withGuard(DeletionGuard.DEFAULTS));

        Run queued = launcher.launch(job.id(), RunTrigger.MANUAL, "alice");
        await().atMost(Duration.ofSeconds(30))
                .until(() -> !history.find(queued.id()).orElseThrow().isActive());

        Run run = history.find(queued.id()).orElseThrow();
        assertThat(run.status()).as(run.message()).isEqualTo(RunStatus.BLOCKED);
        assertThat(run.message()).contains("The source of /données/ is empty");
        try (var left = Files.list(standby)) {
            assertThat(left).hasSize(5);
        }
    }
}
