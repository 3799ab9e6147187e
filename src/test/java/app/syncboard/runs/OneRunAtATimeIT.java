package app.syncboard.runs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import app.syncboard.SyncboardTest;
import app.syncboard.TestPairs;
import app.syncboard.hosts.Pair;
import app.syncboard.hosts.Pairs;
import app.syncboard.jobs.CronSchedule;
import app.syncboard.jobs.JobCatalog;
import app.syncboard.jobs.JobDefinition;
import app.syncboard.jobs.SyncJob;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** rsync waits at a gate (see {@link GatedRsync}) so that one job's run stays RUNNING while another job of the pair comes. */
@SyncboardTest
class OneRunAtATimeIT {

    static GatedRsync rsync;

    @DynamicPropertySource
    static void gatedRsync(DynamicPropertyRegistry registry) throws IOException {
        rsync = GatedRsync.in(Files.createTempDirectory("syncboard-pair-gates"));
        registry.add("syncboard.rsync-command", () -> rsync.program().toString());
    }

    @Autowired
    RunLauncher launcher;

    @Autowired
    RunHistory history;

    @Autowired
    TestPairs testPairs;

    @Autowired
    Pairs pairs;

    @Autowired
    JobCatalog catalog;

    @Test
    void onAOneRunAtATimePairAnotherJobsTriggerIsSkippedWhileOneRuns() throws Exception {
        Pair pair = pair("one", true);
        SyncJob first = job(pair, "/gate-one/");
        SyncJob second = job(pair, "/data/");

        Run running = launcher.launch(first.id(), RunTrigger.SCHEDULE, "schedule");
        awaitStatus(running, RunStatus.RUNNING);

        Run refused = launcher.launch(second.id(), RunTrigger.SCHEDULE, "schedule");

        assertThat(refused.status()).isEqualTo(RunStatus.SKIPPED);
        assertThat(refused.message())
                .matches("Already running since \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d UTC \\(run #" + running.id()
                        + " of job " + first.name() + " on test-node\\)\\.");
        assertThat(history.find(refused.id()).orElseThrow().status()).isEqualTo(RunStatus.SKIPPED);

        rsync.open("gate-one");
        awaitStatus(running, RunStatus.SUCCEEDED);

        // The pair is free again: the other job runs.
        Run after = launcher.launch(second.id(), RunTrigger.MANUAL, "alice");
        awaitStatus(after, RunStatus.SUCCEEDED);
        assertThat(rsync.directory().resolve("one/standby/data/file.txt")).exists();
    }

    @Test
    void withoutTheOptionTheJobsOfAPairRunTogether() throws Exception {
        Pair pair = pair("two", false);
        SyncJob first = job(pair, "/gate-two/");
        SyncJob second = job(pair, "/data/");

        Run running = launcher.launch(first.id(), RunTrigger.SCHEDULE, "schedule");
        awaitStatus(running, RunStatus.RUNNING);

        Run alongside = launcher.launch(second.id(), RunTrigger.SCHEDULE, "schedule");

        assertThat(alongside.status()).isEqualTo(RunStatus.QUEUED);
        awaitStatus(alongside, RunStatus.SUCCEEDED);
        assertThat(history.find(running.id()).orElseThrow().status()).isEqualTo(RunStatus.RUNNING);

        rsync.open("gate-two");
        awaitStatus(running, RunStatus.SUCCEEDED);
    }

    /** A local pair under the gates' directory, with a gated path {@code /gate-NAME/} and a plain one {@code /data/}. */
    private Pair pair(String name, boolean oneRunAtATime) throws IOException, InterruptedException {
        Path primary = Files.createDirectories(rsync.directory().resolve(name + "/primary"));
        Files.createDirectories(primary.resolve("gate-" + name));
        Files.createDirectories(primary.resolve("data"));
        Files.writeString(primary.resolve("gate-" + name + "/held.txt"), "x");
        Files.writeString(primary.resolve("data/file.txt"), "y");
        rsync.gate("gate-" + name);
        Pair pair = testPairs.localPair(
                primary, Files.createDirectories(rsync.directory().resolve(name + "/standby")));
        return pairs.save(pair.withOneRunAtATime(oneRunAtATime, Instant.now()));
    }

    /** Without --delete, so that no guarding dry run passes the gate before the run itself. */
    private SyncJob job(Pair pair, String path) {
        return catalog.create(new JobDefinition(
                "job-" + UUID.randomUUID(),
                pair.id(),
                List.of(path),
                List.of(),
                false,
                CronSchedule.parse("0 3 1 1 *", "UTC"),
                true));
    }

    private void awaitStatus(Run run, RunStatus status) {
        await().atMost(Duration.ofSeconds(30))
                .until(() -> history.find(run.id()).orElseThrow().status() == status);
    }
}
