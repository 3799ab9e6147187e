package app.syncboard.runs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import app.syncboard.TestApps;
import app.syncboard.TestPairs;
import app.syncboard.jobs.SyncJob;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/** A process that died mid-run leaves a RUNNING run and a held lock; the next start cleans both up. */
class RunRecoveryIT {

    @Test
    void runLeftRunningByACrashedProcessBecomesInterruptedOnStart(@TempDir Path dir) throws Exception {
        Path primary = Files.createDirectories(dir.resolve("primary"));
        Path standby = Files.createDirectories(dir.resolve("standby"));
        long jobId;
        long crashedRunId;
        long otherNodeRunId;
        try (ConfigurableApplicationContext first = start(dir)) {
            SyncJob job = first.getBean(TestPairs.class)
                    .job(first.getBean(TestPairs.class).localPair(primary, standby), List.of("/"));
            jobId = job.id();
            Runs runs = first.getBean(Runs.class);
            // What a process killed during rsync leaves behind: the run RUNNING and the job's lock held.
            Run crashed = runs.save(
                    Run.queued(jobId, RunTrigger.SCHEDULE, "schedule", "node-a", Instant.parse("2026-11-20T03:00:00Z"))
                            .started(Instant.parse("2026-11-20T03:00:01Z"), "rsync ..."));
            crashedRunId = crashed.id();
            first.getBean(JobLocks.class).tryAcquire(jobId, crashedRunId, "node-a", crashed.startedAt());
            // The embedded H2 file is open in one process at a time: a run recorded under another node name
            // (the host was renamed, a container re-created) is a leftover all the same.
            otherNodeRunId = runs.save(Run.queued(jobId, RunTrigger.MANUAL, "bob", "node-b", Instant.now())
                            .started(Instant.now(), "rsync ..."))
                    .id();
        }

        try (ConfigurableApplicationContext second = start(dir)) {
            RunHistory history = second.getBean(RunHistory.class);
            Run recovered = history.find(crashedRunId).orElseThrow();
            assertThat(recovered.status()).isEqualTo(RunStatus.INTERRUPTED);
            assertThat(recovered.finishedAt()).isNotNull();
            assertThat(recovered.message()).contains("stopped before this run finished");
            assertThat(history.find(otherNodeRunId).orElseThrow().status()).isEqualTo(RunStatus.INTERRUPTED);
            long locks = second.getBean(JdbcClient.class)
                    .sql("SELECT COUNT(*) FROM job_lock WHERE job_id = ?")
                    .param(jobId)
                    .query(Long.class)
                    .single();
            assertThat(locks).isZero();

            Run next = second.getBean(RunLauncher.class).launch(jobId, RunTrigger.MANUAL, "alice");
            assertThat(next.status()).isEqualTo(RunStatus.QUEUED);
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> history.find(next.id()).orElseThrow().status() == RunStatus.SUCCEEDED);
        }
    }

    @Test
    void stoppingTheAppStopsRsyncAndEndsQueuedRunsWithoutStartingThem(@TempDir Path dir) throws Exception {
        GatedRsync rsync = GatedRsync.in(dir);
        Path primary = Files.createDirectories(dir.resolve("primary/gate-stop"));
        Path standby = Files.createDirectories(dir.resolve("standby"));
        Path otherPrimary = Files.createDirectories(dir.resolve("other"));
        Files.writeString(otherPrimary.resolve("file"), "x");
        Path otherStandby = dir.resolve("other-standby");
        rsync.gate("gate-stop");
        long runningId;
        long queuedId;
        try (ConfigurableApplicationContext app =
                start(dir, "--syncboard.rsync-command=" + rsync.program(), "--syncboard.max-parallel-runs=1")) {
            TestPairs pairs = app.getBean(TestPairs.class);
            SyncJob gated = pairs.job(pairs.localPair(primary.getParent(), standby), List.of("/gate-stop/"));
            SyncJob other = pairs.job(pairs.localPair(otherPrimary, otherStandby), List.of("/"));
            RunLauncher launcher = app.getBean(RunLauncher.class);
            RunHistory history = app.getBean(RunHistory.class);
            runningId = launcher.launch(gated.id(), RunTrigger.MANUAL, "alice").id();
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> history.find(runningId).orElseThrow().status() == RunStatus.RUNNING);
            queuedId = launcher.launch(other.id(), RunTrigger.MANUAL, "alice").id();
            assertThat(history.find(queuedId).orElseThrow().status()).isEqualTo(RunStatus.QUEUED);
        }

        try (ConfigurableApplicationContext again = start(dir)) {
            RunHistory history = again.getBean(RunHistory.class);
            Run stopped = history.find(runningId).orElseThrow();
            assertThat(stopped.status()).isEqualTo(RunStatus.INTERRUPTED);
            assertThat(stopped.message()).isEqualTo(RunWorker.STOPPED);
            assertThat(again.getBean(RunLogs.class).text(runningId)).isPresent();
            Run neverStarted = history.find(queuedId).orElseThrow();
            assertThat(neverStarted.status()).isEqualTo(RunStatus.INTERRUPTED);
            assertThat(neverStarted.message()).isEqualTo(RunWorker.NOT_STARTED);
            assertThat(neverStarted.startedAt()).isNull();
        }
        assertThat(standby.resolve("gate-stop")).doesNotExist();
        assertThat(otherStandby.resolve("file")).doesNotExist();
    }

    private static ConfigurableApplicationContext start(Path dir, String... extra) {
        List<String> args = new ArrayList<>(
                List.of("--syncboard.node-name=node-a", "--SYNCBOARD_ADMIN_PASSWORD=recovery-test-password"));
        args.addAll(List.of(extra));
        return TestApps.onH2(dir, args.toArray(String[]::new));
    }
}
