package app.syncboard.runs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import app.syncboard.SyncboardTest;
import app.syncboard.TestPairs;
import app.syncboard.jobs.Blackout;
import app.syncboard.jobs.CronSchedule;
import app.syncboard.jobs.JobCatalog;
import app.syncboard.jobs.JobDefinition;
import app.syncboard.jobs.StartWindow;
import app.syncboard.jobs.SyncJob;
import app.syncboard.jobs.TimeRules;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The start window and blackouts hold back the triggers nobody typed (schedule, catch-up, retry); Sync now starts
 * at any time. The rules are chosen around the current time, so no clock needs moving.
 */
@SyncboardTest
class StartWindowIT {

    @Autowired
    RunLauncher launcher;

    @Autowired
    RunHistory history;

    @Autowired
    JobCatalog catalog;

    @Autowired
    TestPairs testPairs;

    @TempDir
    Path dir;

    Path primary;
    Path standby;

    @BeforeEach
    void directories() throws IOException {
        primary = Files.createDirectories(dir.resolve("primary"));
        standby = Files.createDirectories(dir.resolve("standby"));
        Files.writeString(primary.resolve("spool.txt"), "queued mail\n");
    }

    @Test
    void outsideTheStartWindowOnlyAManualRunStarts() {
        // A one-minute window 12 hours away from now.
        LocalTime away = ZonedDateTime.now(ZoneOffset.UTC).toLocalTime().plusHours(12);
        StartWindow window = new StartWindow(away, away);
        SyncJob job = job(new TimeRules(window, List.of()));

        for (RunTrigger trigger : List.of(RunTrigger.SCHEDULE, RunTrigger.CATCH_UP)) {
            Run refused = launcher.launch(job.id(), trigger, "schedule");
            assertThat(refused.status()).as(trigger.name()).isEqualTo(RunStatus.SKIPPED);
            assertThat(refused.message()).isEqualTo("Outside the start window " + window.text() + " (UTC).");
        }
        assertThat(standby).isEmptyDirectory();

        Run manual = awaitFinished(
                launcher.launch(job.id(), RunTrigger.MANUAL, "alice").id());
        assertThat(manual.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(standby.resolve("spool.txt")).hasContent("queued mail\n");
    }

    @Test
    void inABlackoutOnlyAManualRunStarts() {
        // Every day from an hour ago to an hour from now (across midnight when it must).
        LocalTime now = ZonedDateTime.now(ZoneOffset.UTC).toLocalTime();
        Blackout blackout = Blackout.parseLines(new StartWindow(now.minusHours(1), now.plusHours(1)).text())
                .get(0);
        SyncJob job = job(new TimeRules(null, List.of(blackout)));

        Run refused = launcher.launch(job.id(), RunTrigger.SCHEDULE, "schedule");
        assertThat(refused.status()).isEqualTo(RunStatus.SKIPPED);
        assertThat(refused.message()).isEqualTo("In the blackout period " + blackout.text() + " (UTC).");
        assertThat(standby).isEmptyDirectory();

        Run manual = awaitFinished(
                launcher.launch(job.id(), RunTrigger.MANUAL, "alice").id());
        assertThat(manual.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(standby.resolve("spool.txt")).exists();
    }

    private SyncJob job(TimeRules rules) {
        return catalog.create(new JobDefinition(
                        "windowed-" + UUID.randomUUID(),
                        testPairs.localPair(primary, standby).id(),
                        List.of("/"),
                        List.of(),
                        false,
                        CronSchedule.parse("0 3 1 1 *", "UTC"),
                        true)
                .withTimeRules(rules));
    }

    private Run awaitFinished(long runId) {
        await().atMost(Duration.ofSeconds(30))
                .until(() -> !history.find(runId).orElseThrow().isActive());
        return history.find(runId).orElseThrow();
    }
}
