package app.syncboard.runs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import app.syncboard.TestApps;
import app.syncboard.TestPairs;
import app.syncboard.jobs.CronSchedule;
import app.syncboard.jobs.JobCatalog;
import app.syncboard.jobs.JobDefinition;
import app.syncboard.jobs.MissedRuns;
import app.syncboard.jobs.SyncJob;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The check at start-up: stopped, then started again on the same database, the app records what it missed. */
class MissedRunsAtStartIT {

    @Test
    void theFireTimesWhileStoppedAreRecordedAtStartAndTheJobRunsOnce(@TempDir Path dir) throws Exception {
        Path primary = Files.createDirectories(dir.resolve("primary"));
        Files.writeString(primary.resolve("passwd"), "root:x:0:0\n");
        Path standby = Files.createDirectories(dir.resolve("standby"));
        long jobId;
        try (ConfigurableApplicationContext before = start(dir)) {
            TestPairs pairs = before.getBean(TestPairs.class);
            // Daily, 12 hours away from now: Quartz does not fire it during the test.
            int hour = (Instant.now().atZone(ZoneOffset.UTC).getHour() + 12) % 24;
            SyncJob job = before.getBean(JobCatalog.class)
                    .create(new JobDefinition(
                                    "etc",
                                    pairs.localPair(primary, standby).id(),
                                    List.of("/"),
                                    List.of(),
                                    false,
                                    CronSchedule.parse("0 " + hour + " * * *", "UTC"),
                                    true)
                            .withMissedRuns(MissedRuns.RUN_ONCE));
            jobId = job.id();
            // As if this process had stopped three days ago.
            before.getBean(JdbcClient.class)
                    .sql("UPDATE sync_job SET schedule_seen_at = ? WHERE id = ?")
                    .params(Timestamp.from(Instant.now().minus(Duration.ofDays(3))), jobId)
                    .update();
        }

        try (ConfigurableApplicationContext after = start(dir)) {
            Runs runs = after.getBean(Runs.class);
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> runsOf(runs, jobId).stream()
                            .anyMatch(run -> run.trigger() == RunTrigger.CATCH_UP && !run.isActive()));

            List<Run> all = runsOf(runs, jobId);
            assertThat(all)
                    .extracting(Run::status)
                    .containsExactly(RunStatus.MISSED, RunStatus.MISSED, RunStatus.MISSED, RunStatus.SUCCEEDED);
            assertThat(all.get(0).message()).startsWith("Missed: syncboard was not running at ");
            assertThat(standby.resolve("passwd")).hasContent("root:x:0:0\n");
        }
    }

    private static List<Run> runsOf(Runs runs, long jobId) {
        return runs.findAll().stream()
                .filter(run -> run.jobId() == jobId)
                .sorted(Comparator.comparing(Run::id))
                .toList();
    }

    private static ConfigurableApplicationContext start(Path dir) {
        return TestApps.onH2(
                dir, "--syncboard.node-name=node-a", "--SYNCBOARD_ADMIN_PASSWORD=missed-runs-test-password");
    }
}
