package app.syncboard.runs;

import static app.syncboard.TestUsers.user;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import app.syncboard.PostgresServer;
import app.syncboard.SyncboardTest;
import app.syncboard.TestApps;
import app.syncboard.TestPairs;
import app.syncboard.hosts.Pair;
import app.syncboard.jobs.CronSchedule;
import app.syncboard.jobs.JobCatalog;
import app.syncboard.jobs.JobDefinition;
import app.syncboard.jobs.SyncJob;
import app.syncboard.jobs.SyncJobs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;

/**
 * The same migrations, queries, locks and Quartz job store on a real PostgreSQL server: what must hold on both
 * databases the app supports.
 */
@SyncboardTest
class PostgresIT {

    static GatedRsync rsync;

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) throws IOException {
        String url = PostgresServer.get().newDatabase();
        registry.add("spring.datasource.url", () -> url);
        registry.add("spring.datasource.username", () -> "postgres");
        registry.add("spring.datasource.password", () -> "");
        rsync = GatedRsync.in(Files.createTempDirectory("syncboard-pg-gates"));
        registry.add("syncboard.rsync-command", () -> rsync.program().toString());
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

    @Autowired
    SyncJobs jobs;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    MockMvc mvc;

    @Test
    void runsAreRecordedWithTheirCompressedLogsAndShownOnTheDashboard() throws Exception {
        Path primary = Files.createDirectories(rsync.directory().resolve("p1/primary/data"));
        Files.writeString(primary.resolve("file.txt"), "on postgres");
        SyncJob job = testPairs.job(
                testPairs.localPair(primary.getParent(), rsync.directory().resolve("p1/standby")),
                List.of("/data/", "/missing/"));
        SyncJob good = testPairs.job(
                testPairs.localPair(primary.getParent(), rsync.directory().resolve("p1/standby2")), List.of("/data/"));

        Run failed =
                awaitEnd(launcher.launch(job.id(), RunTrigger.MANUAL, "alice").id());
        Run succeeded =
                awaitEnd(launcher.launch(good.id(), RunTrigger.MANUAL, "alice").id());

        assertThat(failed.status()).isEqualTo(RunStatus.FAILED);
        assertThat(failed.exitCode()).isEqualTo(23);
        assertThat(succeeded.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(rsync.directory().resolve("p1/standby2/data/file.txt")).hasContent("on postgres");
        assertThat(logs.text(succeeded.id()).orElseThrow()).contains("data/file.txt");
        assertThat(history.newestByJob().get(good.id()).lastSuccess().id()).isEqualTo(succeeded.id());
        assertThat(history.newestByJob().get(job.id()).lastResult().id()).isEqualTo(failed.id());
        String dashboard = mvc.perform(get("/").with(user("alice")))
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(dashboard).contains(job.name()).contains(good.name()).contains("partial transfer due to error");
    }

    @Test
    void oneRunPerJobAndNoDeletionUnderARunningRsync() throws Exception {
        Path primary = Files.createDirectories(rsync.directory().resolve("p2/primary/gate-pg"));
        Files.writeString(primary.resolve("x"), "x");
        rsync.gate("gate-pg");
        SyncJob job = testPairs.job(
                testPairs.localPair(primary.getParent(), rsync.directory().resolve("p2/standby")),
                List.of("/gate-pg/"));

        Run first = launcher.launch(job.id(), RunTrigger.SCHEDULE, "schedule");
        await().atMost(Duration.ofSeconds(10))
                .until(() -> history.find(first.id()).orElseThrow().status() == RunStatus.RUNNING);
        Run second = launcher.launch(job.id(), RunTrigger.MANUAL, "bob");
        assertThat(second.status()).isEqualTo(RunStatus.SKIPPED);
        assertThat(launcher.deleteJob(job.id())).map(Run::id).contains(first.id());

        rsync.open("gate-pg");
        assertThat(awaitEnd(first.id()).status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(launcher.deleteJob(job.id())).isEmpty();
        assertThat(jobs.existsById(job.id())).isFalse();
        assertThat(jdbc.sql("SELECT COUNT(*) FROM sync_run WHERE job_id = ?")
                        .param(job.id())
                        .query(Long.class)
                        .single())
                .isZero();
    }

    @Test
    void quartzFiresSchedulesFromItsPostgresJobStore() {
        Path primary = rsync.directory().resolve("p3/primary");
        Pair pair = testPairs.localPair(primary, rsync.directory().resolve("p3/standby"));
        SyncJob job = catalog.create(new JobDefinition(
                "pg-every-second",
                pair.id(),
                List.of("/"),
                List.of(),
                false,
                CronSchedule.parse("* * * * * ?", "UTC"),
                true));
        try {
            Files.createDirectories(primary);
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> history.lastResultOfJob(job.id()).isPresent());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } finally {
            catalog.delete(jobs.findById(job.id()).orElseThrow());
        }
    }

    @Test
    void onASharedDatabaseRecoveryTakesOnlyThisNodesLeftovers() {
        String url = PostgresServer.get().newDatabase();
        long mine;
        long other;
        try (ConfigurableApplicationContext first = start(url, "node-a")) {
            TestPairs pairs = first.getBean(TestPairs.class);
            SyncJob a = pairs.job(
                    pairs.localPair(
                            rsync.directory().resolve("r/a"), rsync.directory().resolve("r/b")),
                    List.of("/"));
            SyncJob b = pairs.job(
                    pairs.localPair(
                            rsync.directory().resolve("r/c"), rsync.directory().resolve("r/d")),
                    List.of("/"));
            Runs runs = first.getBean(Runs.class);
            JobLocks locks = first.getBean(JobLocks.class);
            Instant t = Instant.parse("2026-11-21T04:00:00Z");
            mine = runs.save(Run.queued(a.id(), RunTrigger.SCHEDULE, "schedule", "node-a", t)
                            .started(t, "rsync"))
                    .id();
            other = runs.save(Run.queued(b.id(), RunTrigger.SCHEDULE, "schedule", "node-b", t)
                            .started(t, "rsync"))
                    .id();
            locks.tryAcquire(a.id(), mine, "node-a", t);
            locks.tryAcquire(b.id(), other, "node-b", t);
        }
        try (ConfigurableApplicationContext again = start(url, "node-a")) {
            RunHistory runs = again.getBean(RunHistory.class);
            assertThat(runs.find(mine).orElseThrow().status()).isEqualTo(RunStatus.INTERRUPTED);
            // node-b may still be running it: not node-a's to judge.
            assertThat(runs.find(other).orElseThrow().status()).isEqualTo(RunStatus.RUNNING);
            assertThat(again.getBean(JdbcClient.class)
                            .sql("SELECT node FROM job_lock")
                            .query(String.class)
                            .list())
                    .containsExactly("node-b");
        }
    }

    private static ConfigurableApplicationContext start(String url, String node) {
        return TestApps.start(
                "--spring.datasource.url=" + url,
                "--spring.datasource.username=postgres",
                "--spring.datasource.password=",
                "--spring.quartz.scheduler-name=syncboard-pg-" + node,
                "--syncboard.node-name=" + node,
                "--SYNCBOARD_ADMIN_PASSWORD=postgres-test-password");
    }

    private Run awaitEnd(long runId) {
        await().atMost(Duration.ofSeconds(30))
                .until(() -> !history.find(runId).orElseThrow().isActive());
        return history.find(runId).orElseThrow();
    }
}
