package app.syncboard.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import app.syncboard.SyncboardServerTest;
import app.syncboard.TestPairs;
import app.syncboard.hosts.Pair;
import app.syncboard.jobs.CronSchedule;
import app.syncboard.jobs.JobCatalog;
import app.syncboard.jobs.JobDefinition;
import app.syncboard.jobs.SyncJob;
import app.syncboard.runs.RunHistory;
import app.syncboard.runs.RunLauncher;
import app.syncboard.runs.RunTrigger;
import app.syncboard.security.ApiTokens;
import app.syncboard.security.Scope;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The stock {@code check_curl} of Debian's monitoring-plugins against the running app over real HTTP, as Nagios
 * would run it: its exit code is the state (0 OK, 1 WARNING, 2 CRITICAL) and its first line syncboard's.
 */
@SyncboardServerTest
class CheckCurlIT {

    static final Path CHECK_CURL = Path.of("/usr/lib/nagios/plugins/check_curl");

    @LocalServerPort
    int port;

    @Autowired
    ApiTokens tokens;

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

    @TempDir
    Path dir;

    @BeforeAll
    static void checkCurlIsInstalled() {
        assertThat(CHECK_CURL)
                .as("check_curl (Debian: monitoring-plugins-standard, liburiparser1, libcurl4; .ci/run installs them)")
                .isExecutable();
    }

    @Test
    void stockCheckCurlGetsOkWarningCriticalAndNoTokenFromTheHttpStatus() throws Exception {
        Path primary = Files.createDirectories(dir.resolve("primary/data"));
        Files.writeString(primary.resolve("file"), "x\n");
        Pair pair = testPairs.localPair(primary.getParent(), Files.createDirectories(dir.resolve("standby")));
        String token = tokens.create("nagios-" + pair.id(), Set.of(Scope.MONITORING_READ), "test")
                .value();

        SyncJob good = daily(pair, "curl-good");
        long runId = launcher.launch(good.id(), RunTrigger.MANUAL, "alice").id();
        await().atMost(Duration.ofSeconds(30))
                .until(() -> !history.find(runId).orElseThrow().isActive());
        SyncJob stale = daily(pair, "curl-stale");
        insertSuccess(stale, Instant.now().minus(Duration.ofHours(30)));
        SyncJob failing = testPairs.job(pair, "curl-failing-" + pair.id(), List.of("/missing/"));
        long failedId =
                launcher.launch(failing.id(), RunTrigger.MANUAL, "alice").id();
        await().atMost(Duration.ofSeconds(30))
                .until(() -> !history.find(failedId).orElseThrow().isActive());

        Check ok = checkCurl(good.name(), token);
        Check warning = checkCurl(stale.name(), token);
        Check critical = checkCurl(failing.name(), token);
        Check noToken = checkCurl(good.name(), null);

        assertThat(ok.exit()).as(ok.output()).isZero();
        assertThat(ok.output()).contains("HTTP OK").contains("200");
        assertThat(warning.exit()).as(warning.output()).isEqualTo(1);
        assertThat(warning.output()).contains("429");
        assertThat(critical.exit()).as(critical.output()).isEqualTo(2);
        assertThat(critical.output()).contains("503");
        assertThat(noToken.exit()).as(noToken.output()).isEqualTo(1);
        assertThat(noToken.output()).contains("401");
    }

    private record Check(int exit, String output) {}

    private Check checkCurl(String job, String token) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                CHECK_CURL.toString(),
                "-H",
                "127.0.0.1",
                "-p",
                String.valueOf(port),
                "-u",
                "/api/v1/monitoring/jobs/" + job + "/nagios",
                "-t",
                "20"));
        if (token != null) {
            command.addAll(List.of("-k", "Authorization: Bearer " + token));
        }
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Check(process.waitFor(), output);
    }

    private SyncJob daily(Pair pair, String name) {
        return catalog.create(new JobDefinition(
                        name + "-" + pair.id(),
                        pair.id(),
                        List.of("/data/"),
                        List.of(),
                        false,
                        CronSchedule.parse("0 4 * * *", "UTC"),
                        true)
                .withGuard(TestPairs.NO_GUARD));
    }

    private void insertSuccess(SyncJob job, Instant finished) {
        Instant started = finished.minusSeconds(60);
        jdbc.sql("INSERT INTO sync_run (job_id, status, trigger_type, triggered_by, node, queued_at, started_at,"
                        + " finished_at, exit_code) VALUES (?, 'SUCCEEDED', 'SCHEDULE', 'schedule', 'test-node', ?, ?,"
                        + " ?, 0)")
                .params(job.id(), Timestamp.from(started), Timestamp.from(started), Timestamp.from(finished))
                .update();
    }
}
