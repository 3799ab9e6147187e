package app.syncboard.monitoring;

import static app.syncboard.TestUsers.user;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import app.syncboard.SyncboardTest;
import app.syncboard.TestPairs;
import app.syncboard.hosts.Pair;
import app.syncboard.jobs.JobCatalog;
import app.syncboard.jobs.SyncJob;
import app.syncboard.runs.RunHistory;
import app.syncboard.runs.RunLauncher;
import app.syncboard.runs.RunTrigger;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

/**
 * The Nagios and JSON answers for the cases a monitoring admin checks first: an unknown job, a job that never
 * ran, a good one, a stale one, a failing one, a paused one. Real runs of rsync where a run is needed; runs from
 * long ago are written into the database, since nothing waits a day in a test.
 */
@SyncboardTest
class MonitoringIT {

    private static final RequestPostProcessor NAGIOS =
            user("nagios").authorities(new SimpleGrantedAuthority("SCOPE_monitoring:read"));

    @Autowired
    MockMvc mvc;

    @Autowired
    TestPairs testPairs;

    @Autowired
    JobCatalog catalog;

    @Autowired
    RunLauncher launcher;

    @Autowired
    RunHistory history;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    SyncMetrics metrics;

    @TempDir
    Path dir;

    Pair pair;

    @BeforeEach
    void pair() throws IOException {
        Path primary = Files.createDirectories(dir.resolve("primary/data"));
        Files.writeString(primary.resolve("file"), "x\n");
        pair = testPairs.localPair(primary.getParent(), Files.createDirectories(dir.resolve("standby")));
    }

    @Test
    void anUnknownJobIs404WithAnUnknownLine() throws Exception {
        MockHttpServletResponse response = nagios("/api/v1/monitoring/jobs/no-such-job/nagios");

        assertThat(response.getStatus()).isEqualTo(404);
        assertThat(response.getContentAsString())
                .isEqualTo("SYNC UNKNOWN: there is no sync job named \"no-such-job\"\n");
        MockHttpServletResponse json = nagios("/api/v1/monitoring/jobs/no-such-job");
        assertThat(json.getStatus()).isEqualTo(404);
        assertThat(json.getContentType()).isEqualTo("application/problem+json");
        assertThat(json.getContentAsString())
                .contains("\"detail\":\"There is no sync job named \\\"no-such-job\\\".\"");
    }

    @Test
    void aBarInAJobNameCannotStartThePerfdata() throws Exception {
        SyncJob job = testPairs.job(pair, "web|db-" + pair.id(), List.of("/data/"));

        String text = nagios("/api/v1/monitoring/jobs/" + job.id() + "/nagios").getContentAsString();

        assertThat(text).startsWith("SYNC CRITICAL: web/db-" + pair.id() + ": no successful run yet | age=U;");
        assertThat(text.chars().filter(c -> c == '|')).hasSize(1);
    }

    @Test
    void aJobThatNeverRanIsCritical() throws Exception {
        SyncJob job = testPairs.job(pair, "never-ran-" + pair.id(), List.of("/data/"));

        MockHttpServletResponse response = nagios("/api/v1/monitoring/jobs/" + job.name() + "/nagios");

        assertThat(response.getStatus()).isEqualTo(503);
        assertThat(response.getHeader("Cache-Control")).isEqualTo("no-store");
        assertThat(response.getContentType()).isEqualTo("text/plain;charset=UTF-8");
        assertThat(response.getContentAsString())
                .startsWith("SYNC CRITICAL: " + job.name() + ": no successful run yet | age=U;")
                .contains(" last_exit_code=U;;;0;255 transferred=U;;;0 consecutive_failures=0;;;0\n");
        MockHttpServletResponse json = nagios("/api/v1/monitoring/jobs/" + job.name());
        assertThat(json.getStatus()).isEqualTo(503);
        assertThat(json.getContentAsString())
                .contains("\"state\":\"CRITICAL\"", "\"stateCode\":2", "\"reason\":\"no successful run yet\"")
                .contains("\"lastSuccessAt\":null", "\"ageSeconds\":null");
    }

    @Test
    void aFreshGoodCopyIsOkWithPerfdataInThePluginSyntax() throws Exception {
        SyncJob job = daily("good");
        runToEnd(job);

        MockHttpServletResponse response = nagios("/api/v1/monitoring/jobs/" + job.name() + "/nagios");

        assertThat(response.getStatus()).isEqualTo(200);
        // A daily schedule: warning after a day plus two hours, critical after two days plus two hours.
        assertThat(response.getContentAsString())
                .matches("SYNC OK: " + job.name() + ": newest good copy \\d+ m?s old; last exit code 0, took \\d+ m?s"
                        + " \\| age=\\d+s;93600;180000;0 last_duration=\\d+s;;;0 last_exit_code=0;;;0;255"
                        + " transferred=\\d+B;;;0 consecutive_failures=0;;;0\\n");
        String json = nagios("/api/v1/monitoring/jobs/" + job.id()).getContentAsString();
        assertThat(json)
                .contains(
                        "\"state\":\"OK\"", "\"stateCode\":0", "\"warningSeconds\":93600", "\"criticalSeconds\":180000")
                .contains("\"lastExitCode\":0", "\"consecutiveFailures\":0");
    }

    @Test
    void aStaleCopyIsCriticalAndTheRequestCanMoveTheThresholds() throws Exception {
        SyncJob job = daily("stale");
        Instant finished = Instant.now().minus(Duration.ofHours(60));
        insertRun(job, "SUCCEEDED", 0, finished);
        String url = "/api/v1/monitoring/jobs/" + job.name() + "/nagios";

        MockHttpServletResponse critical = nagios(url);
        assertThat(critical.getStatus()).isEqualTo(503);
        MockHttpServletResponse json = nagios("/api/v1/monitoring/jobs/" + job.name());
        assertThat(json.getStatus()).isEqualTo(503);
        assertThat(json.getContentAsString())
                .contains("\"state\":\"CRITICAL\"", "\"criticalSeconds\":180000")
                .containsPattern("\"ageSeconds\":2160\\d\\d");
        assertThat(critical.getContentAsString())
                .startsWith("SYNC CRITICAL: " + job.name() + ": newest good copy 2 d 12 h old, more than the"
                        + " critical 2 d 2 h");

        MockHttpServletResponse warning = nagios(url + "?warning=3600&critical=432000");
        assertThat(warning.getStatus()).isEqualTo(429);
        assertThat(warning.getContentAsString())
                .startsWith("SYNC WARNING: ")
                .contains("more than the warning 1 h")
                .contains(";3600;432000;0 ");

        assertThat(nagios(url + "?warning=432000&critical=864000").getStatus()).isEqualTo(200);
        MockHttpServletResponse bad = nagios(url + "?warning=9&critical=5");
        assertThat(bad.getStatus()).isEqualTo(400);
        assertThat(bad.getContentAsString()).startsWith("SYNC UNKNOWN: warning (9) must be less than critical (5)");
    }

    @Test
    void aFailingJobIsCriticalAndAVanishedFileOnlyAWarning() throws Exception {
        SyncJob failing = testPairs.job(pair, "failing-" + pair.id(), List.of("/missing/"));
        runToEnd(failing);
        runToEnd(failing);

        MockHttpServletResponse response = nagios("/api/v1/monitoring/jobs/" + failing.name() + "/nagios");

        assertThat(response.getStatus()).isEqualTo(503);
        assertThat(response.getContentAsString())
                .startsWith("SYNC CRITICAL: " + failing.name() + ": last run FAILED ")
                .contains("rsync exited with code 23")
                .contains("last_exit_code=23;;;0;255")
                .contains("consecutive_failures=2;;;0");
        assertThat(nagios("/api/v1/monitoring/jobs/" + failing.name()).getContentAsString())
                .contains("\"state\":\"CRITICAL\"", "\"lastExitCode\":23", "\"consecutiveFailures\":2");

        SyncJob vanished = daily("vanished");
        insertRun(vanished, "SUCCEEDED", 0, Instant.now().minus(Duration.ofHours(2)));
        insertRun(vanished, "FAILED", 24, Instant.now().minus(Duration.ofHours(1)));
        assertThat(nagios("/api/v1/monitoring/jobs/" + vanished.name() + "/nagios")
                        .getStatus())
                .isEqualTo(429);
    }

    @Test
    void aPausedJobIsAWarningWithTheReasonNeverOk() throws Exception {
        SyncJob job = daily("paused");
        runToEnd(job);
        catalog.pause(catalog.pause(job, "disk replaced"), "disk replaced");

        MockHttpServletResponse response = nagios("/api/v1/monitoring/jobs/" + job.name() + "/nagios");

        assertThat(response.getStatus()).isEqualTo(429);
        assertThat(response.getContentAsString())
                .startsWith("SYNC WARNING: " + job.name() + ": schedule paused: disk replaced; newest good copy");
    }

    @Test
    void theAllJobsCheckPutsTheWorstStateFirstThenOneLinePerJob() throws Exception {
        SyncJob good = daily("all-good");
        runToEnd(good);
        SyncJob never = testPairs.job(pair, "all-never-" + pair.id(), List.of("/data/"));

        MockHttpServletResponse response = nagios("/api/v1/monitoring/nagios");

        assertThat(response.getStatus()).isEqualTo(503);
        String[] lines = response.getContentAsString().split("\n");
        assertThat(lines[0])
                .matches("SYNC CRITICAL: \\d+ critical, \\d+ warning, (\\d+ unknown, )?\\d+ OK of \\d+ jobs"
                        + " \\| jobs=\\d+;;;0 critical=\\d+;;;0 warning=\\d+;;;0");
        assertThat(lines).contains("CRITICAL: " + never.name() + ": no successful run yet");
        assertThat(List.of(lines)).anyMatch(line -> line.startsWith("OK: " + good.name() + ": newest good copy"));
        int firstOk = List.of(lines)
                .indexOf(List.of(lines).stream()
                        .filter(line -> line.startsWith("OK: "))
                        .findFirst()
                        .orElseThrow());
        assertThat(List.of(lines).subList(firstOk, lines.length)).noneMatch(line -> line.startsWith("CRITICAL: "));
    }

    @Test
    void theHealthGroupSyncsUsesTheSameJudgement() throws Exception {
        testPairs.job(pair, "health-never-" + pair.id(), List.of("/data/"));

        MockHttpServletResponse syncs = mvc.perform(
                        get("/actuator/health/syncs").with(user("admin")))
                .andReturn()
                .getResponse();
        MockHttpServletResponse root =
                mvc.perform(get("/actuator/health")).andReturn().getResponse();

        assertThat(syncs.getStatus()).isEqualTo(503);
        assertThat(syncs.getContentAsString()).contains("\"status\":\"SYNC_CRITICAL\"");
        assertThat(root.getStatus())
                .as("a failed sync is not syncboard being down")
                .isEqualTo(200);
        assertThat(root.getContentAsString()).contains("\"status\":\"UP\"");
    }

    @Test
    void prometheusGetsTheSameStatePerJobTaggedSyncJob() throws Exception {
        SyncJob good = daily("metrics-good");
        runToEnd(good);
        SyncJob failing = testPairs.job(pair, "metrics-failing-" + pair.id(), List.of("/missing/"));
        runToEnd(failing);
        metrics.refresh();

        String text = mvc.perform(get("/actuator/prometheus").with(NAGIOS))
                .andReturn()
                .getResponse()
                .getContentAsString();

        assertThat(text)
                .contains("syncboard_job_state{sync_job=\"" + good.name() + "\"} 0.0")
                .contains("syncboard_job_state{sync_job=\"" + failing.name() + "\"} 2.0")
                .contains("syncboard_job_last_exit_code{sync_job=\"" + failing.name() + "\"} 23.0")
                .contains("syncboard_job_running{sync_job=\"" + good.name() + "\"} 0.0")
                .contains("syncboard_runs_total{outcome=\"SUCCEEDED\",sync_job=\"" + good.name() + "\"} 1.0")
                .contains("syncboard_runs_total{outcome=\"FAILED\",sync_job=\"" + failing.name() + "\"} 1.0")
                .contains("syncboard_run_duration_seconds_bucket{sync_job=\"" + good.name() + "\",le=")
                .contains("syncboard_job_last_success_timestamp_seconds{sync_job=\"" + good.name() + "\"}")
                .doesNotContain("{job=\"");
    }

    private SyncJob daily(String name) {
        return catalog.create(new app.syncboard.jobs.JobDefinition(
                        name + "-" + pair.id(),
                        pair.id(),
                        List.of("/data/"),
                        List.of(),
                        false,
                        app.syncboard.jobs.CronSchedule.parse("0 4 * * *", "UTC"),
                        true)
                .withGuard(TestPairs.NO_GUARD));
    }

    private void runToEnd(SyncJob job) {
        long id = launcher.launch(job.id(), RunTrigger.MANUAL, "alice").id();
        await().atMost(Duration.ofSeconds(30))
                .until(() -> !history.find(id).orElseThrow().isActive());
    }

    private void insertRun(SyncJob job, String status, int exit, Instant finished) {
        Instant started = finished.minusSeconds(60);
        jdbc.sql("INSERT INTO sync_run (job_id, status, trigger_type, triggered_by, node, queued_at, started_at,"
                        + " finished_at, exit_code) VALUES (?, ?, 'SCHEDULE', 'schedule', 'test-node', ?, ?, ?, ?)")
                .params(
                        job.id(),
                        status,
                        Timestamp.from(started),
                        Timestamp.from(started),
                        Timestamp.from(finished),
                        exit)
                .update();
    }

    private MockHttpServletResponse nagios(String url) throws Exception {
        return mvc.perform(get(url).with(NAGIOS)).andReturn().getResponse();
    }
}
