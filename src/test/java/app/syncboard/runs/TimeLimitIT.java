package app.syncboard.runs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import app.syncboard.SyncboardTest;
import app.syncboard.TestPairs;
import app.syncboard.hosts.Pair;
import app.syncboard.jobs.CronSchedule;
import app.syncboard.jobs.JobCatalog;
import app.syncboard.jobs.JobDefinition;
import app.syncboard.jobs.JobStep;
import app.syncboard.jobs.Preconditions;
import app.syncboard.jobs.RetryPolicy;
import app.syncboard.jobs.SyncJob;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A run that goes over its time limit or stays silent too long is stopped as TIMED_OUT, its "always" post-steps
 * still run, and a job that retries after a time limit gets a new attempt. rsync is held at a gate that is never
 * opened, so it stays silent for as long as the test needs.
 */
@SyncboardTest
class TimeLimitIT {

    static GatedRsync rsync;

    @DynamicPropertySource
    static void gatedRsync(DynamicPropertyRegistry registry) throws IOException {
        rsync = GatedRsync.in(Files.createTempDirectory("syncboard-gates"));
        registry.add("syncboard.rsync-command", () -> rsync.program().toString());
        registry.add("syncboard.ssh.stop-grace", () -> "1s");
    }

    @Autowired
    RunLauncher launcher;

    @Autowired
    RunHistory history;

    @Autowired
    RunLogs logs;

    @Autowired
    TestPairs testPairs;

    @Autowired
    JobCatalog catalog;

    @Test
    void aSilentRunIsStoppedByItsNoOutputLimitAndRetriedOnceAndItsAlwaysStepRuns() throws Exception {
        String gate = "gate-" + UUID.randomUUID();
        Pair pair = pair(gate);
        rsync.gate(gate);
        Path marker = rsync.directory().resolve("restarted-" + gate);
        SyncJob job = catalog.create(definition(pair, gate, null, Duration.ofSeconds(1))
                .withRetry(new RetryPolicy(1, 1, false, true))
                .withChecks(
                        Preconditions.NONE,
                        List.of(new JobStep(JobStep.Phase.POST, JobStep.Side.STANDBY, "touch " + marker, 0, true))));

        Run first = launcher.launch(job.id(), RunTrigger.MANUAL, "alice");

        await().atMost(Duration.ofSeconds(30))
                .until(() -> history.pageOfJob(job.id(), null).stream()
                        .anyMatch(run -> run.attempt() == 2 && !run.isActive()));
        List<Run> attempts = new ArrayList<>(history.pageOfJob(job.id(), null));
        Collections.reverse(attempts);
        assertThat(attempts).hasSize(2);
        assertThat(attempts).extracting(Run::status).containsOnly(RunStatus.TIMED_OUT);
        assertThat(attempts.get(0).id()).isEqualTo(first.id());
        assertThat(attempts.get(0).message())
                .isEqualTo("Stopped: rsync printed nothing for 1 s (the job's no-output limit).");
        assertThat(attempts.get(0).exitCode()).isNull();
        assertThat(attempts.get(1).trigger()).isEqualTo(RunTrigger.RETRY);
        assertThat(attempts.get(1).firstRunId()).isEqualTo(first.id());
        assertThat(attempts.get(1).retryDueAt()).as("one retry only").isNull();
        assertThat(marker).as("the 'always' post-step ran after the time limit").exists();
        assertThat(logs.text(first.id()).orElseThrow()).contains("(post-step 1, standby)");
    }

    @Test
    void aRunOverItsTimeLimitIsStoppedAndNotRetriedWhenTheJobRetriesOnlyConnectionFailures() throws Exception {
        String gate = "gate-" + UUID.randomUUID();
        Pair pair = pair(gate);
        rsync.gate(gate);
        SyncJob job = catalog.create(
                definition(pair, gate, Duration.ofSeconds(1), null).withRetry(new RetryPolicy(3, 1, true, false)));

        Run run = launcher.launch(job.id(), RunTrigger.MANUAL, "alice");
        await().atMost(Duration.ofSeconds(30))
                .until(() -> !history.find(run.id()).orElseThrow().isActive());

        Run ended = history.find(run.id()).orElseThrow();
        assertThat(ended.status()).isEqualTo(RunStatus.TIMED_OUT);
        assertThat(ended.message()).isEqualTo("Stopped: the run went over its time limit of 1 s.");
        assertThat(ended.retryDueAt()).isNull();
        assertThat(history.countOfJob(job.id())).isEqualTo(1);
    }

    @Test
    void aTimeLimitDuringAPostStepStillLetsTheAlwaysStepsRun() throws Exception {
        String name = "plain-" + UUID.randomUUID();
        Path primary = Files.createDirectories(rsync.directory().resolve("primary-" + name + "/data"));
        Files.writeString(primary.resolve("file.txt"), "x");
        Pair pair = testPairs.localPair(
                primary.getParent(), Files.createDirectories(rsync.directory().resolve(name)));
        Path marker = rsync.directory().resolve("restarted-" + name);
        SyncJob job = catalog.create(new JobDefinition(
                        "job-" + name,
                        pair.id(),
                        List.of("/data/"),
                        List.of(),
                        false,
                        CronSchedule.parse("0 3 1 1 *", "UTC"),
                        true,
                        null,
                        Duration.ofSeconds(2),
                        null)
                .withGuard(TestPairs.NO_GUARD)
                .withChecks(
                        Preconditions.NONE,
                        List.of(
                                new JobStep(JobStep.Phase.POST, JobStep.Side.STANDBY, "sleep 30", 0, false),
                                new JobStep(JobStep.Phase.POST, JobStep.Side.STANDBY, "touch " + marker, 0, true))));

        Run run = launcher.launch(job.id(), RunTrigger.MANUAL, "alice");
        await().atMost(Duration.ofSeconds(30))
                .until(() -> !history.find(run.id()).orElseThrow().isActive());

        Run ended = history.find(run.id()).orElseThrow();
        assertThat(ended.status()).isEqualTo(RunStatus.TIMED_OUT);
        assertThat(marker)
                .as("the 'always' step ran although the limit stopped the step before it")
                .exists();
    }

    @Test
    void stopCleanUpEndsAnAlwaysStepThatHangsAfterACancel() throws Exception {
        String name = "hang-" + UUID.randomUUID();
        Path primary = Files.createDirectories(rsync.directory().resolve("primary-" + name + "/data"));
        Pair pair = testPairs.localPair(
                primary.getParent(), Files.createDirectories(rsync.directory().resolve(name)));
        SyncJob job = catalog.create(new JobDefinition(
                        "job-" + name,
                        pair.id(),
                        List.of("/data/"),
                        List.of(),
                        false,
                        CronSchedule.parse("0 3 1 1 *", "UTC"),
                        true)
                .withGuard(TestPairs.NO_GUARD)
                .withChecks(
                        Preconditions.NONE,
                        List.of(
                                new JobStep(JobStep.Phase.PRE, JobStep.Side.STANDBY, "sleep 30", 0, false),
                                new JobStep(JobStep.Phase.POST, JobStep.Side.STANDBY, "sleep 40", 0, true))));

        Run run = launcher.launch(job.id(), RunTrigger.MANUAL, "alice");
        await().atMost(Duration.ofSeconds(20))
                .until(() -> logs.tail(run.id(), 50).orElse("").contains("(pre-step 1, standby)"));
        assertThat(launcher.cancel(run.id(), "alice")).isTrue();
        await().atMost(Duration.ofSeconds(20))
                .until(() -> logs.tail(run.id(), 50).orElse("").contains("(post-step 1, standby)"));
        assertThat(history.find(run.id()).orElseThrow().isActive())
                .as("the clean-up step is still going")
                .isTrue();
        assertThat(launcher.cancel(run.id(), "bob"))
                .as("a second Cancel changes nothing")
                .isTrue();
        assertThat(history.find(run.id()).orElseThrow().isActive()).isTrue();

        assertThat(launcher.stopping(run.id())).isTrue();
        assertThat(launcher.stopCleanup(run.id(), "alice")).isTrue();
        await().atMost(Duration.ofSeconds(20))
                .until(() -> !history.find(run.id()).orElseThrow().isActive());

        Run ended = history.find(run.id()).orElseThrow();
        assertThat(ended.status()).isEqualTo(RunStatus.CANCELLED);
        assertThat(ended.message()).isEqualTo("Cancelled by alice.");
    }

    private Pair pair(String gate) throws IOException {
        Path primary = Files.createDirectories(rsync.directory().resolve("primary-" + gate + "/" + gate));
        Files.writeString(primary.resolve("file.txt"), "x");
        Path standby = Files.createDirectories(rsync.directory().resolve("standby-" + gate));
        return testPairs.localPair(primary.getParent(), standby);
    }

    private static JobDefinition definition(Pair pair, String gate, Duration timeout, Duration noOutput) {
        return new JobDefinition(
                        "job-" + UUID.randomUUID(),
                        pair.id(),
                        List.of("/" + gate + "/"),
                        List.of(),
                        false,
                        CronSchedule.parse("0 3 1 1 *", "UTC"),
                        true,
                        null,
                        timeout,
                        noOutput)
                .withGuard(TestPairs.NO_GUARD);
    }
}
