package app.syncboard.runs;

import static app.syncboard.TestUsers.user;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import app.syncboard.SyncboardTest;
import app.syncboard.TestPairs;
import app.syncboard.hosts.Pair;
import app.syncboard.jobs.CronSchedule;
import app.syncboard.jobs.JobCatalog;
import app.syncboard.jobs.JobDefinition;
import app.syncboard.jobs.RetentionDays;
import app.syncboard.jobs.SyncJob;
import app.syncboard.jobs.SyncJobs;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.web.util.HtmlUtils;

/**
 * The daily clean-up on a database of its own (the scheduled one switched off, so that each test counts what its own
 * call removed). Runs from long ago are written into the database, since nothing waits a year in a test; their ends
 * lie half an hour off a whole hour from now, so that the ages the pages show do not change between two requests.
 */
@SyncboardTest
@TestPropertySource(properties = "syncboard.retention.cron=-")
@ExtendWith(OutputCaptureExtension.class)
class RetentionIT {

    private static final Duration HALF_HOUR = Duration.ofMinutes(30);

    @Autowired
    Retention retention;

    @Autowired
    Runs runs;

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
    JdbcTemplate template;

    @Autowired
    MockMvc mvc;

    @TempDir
    Path dir;

    Pair pair;
    Instant now;

    @BeforeEach
    void pair() {
        pair = testPairs.localPair(dir.resolve("primary"), dir.resolve("standby"));
        now = Instant.now();
    }

    @Test
    void runsGoAfter400DaysAndLogsAfter60ByDefault() {
        SyncJob job = testPairs.job(pair, List.of("/"));
        long old = run(job, RunStatus.SUCCEEDED, daysAgo(500), "log of the oldest run");
        long skipped = run(job, RunStatus.SKIPPED, daysAgo(450), null);
        long missed = run(job, RunStatus.MISSED, daysAgo(401), null);
        long year = run(job, RunStatus.SUCCEEDED, daysAgo(399), "a year ago");
        long failed = run(job, RunStatus.FAILED, daysAgo(100), "failed 100 days ago");
        long recent = run(job, RunStatus.SUCCEEDED, daysAgo(59), "59 days ago");
        long newest = run(job, RunStatus.SUCCEEDED, daysAgo(1), "yesterday");

        Retention.Removed removed = retention.cleanUp(Instant.now());

        assertThat(removed.runs()).isEqualTo(3);
        assertThat(removed.logs()).isEqualTo(3);
        assertThat(runIds(job)).containsExactly(year, failed, recent, newest);
        assertThat(runIds(job)).doesNotContain(old, skipped, missed);
        assertThat(logIds(job)).containsExactly(recent, newest);
        assertThat(logs.text(recent)).contains("59 days ago");

        assertThat(retention.cleanUp(Instant.now()))
                .as("nothing more to remove: a second clean-up, or another node's, is harmless")
                .extracting(Retention.Removed::runs, Retention.Removed::logs)
                .containsExactly(0L, 0L);
    }

    @Test
    void aJobsOwnDaysOverrideTheDefaults() {
        SyncJob shortLived = job("short", new RetentionDays(30, 7));
        long month = run(shortLived, RunStatus.SUCCEEDED, daysAgo(40), "40 days ago");
        long weeks = run(shortLived, RunStatus.SUCCEEDED, daysAgo(20), "20 days ago");
        long days = run(shortLived, RunStatus.SUCCEEDED, daysAgo(3), "3 days ago");
        SyncJob logsOnly = job("logs-only", new RetentionDays(null, 3));
        long fiveDays = run(logsOnly, RunStatus.SUCCEEDED, daysAgo(5), "5 days ago");
        long today = run(logsOnly, RunStatus.SUCCEEDED, daysAgo(0), "today");
        SyncJob byDefault = testPairs.job(pair, List.of("/"));
        long defaultMonth = run(byDefault, RunStatus.SUCCEEDED, daysAgo(40), "40 days ago");
        long defaultNewest = run(byDefault, RunStatus.SUCCEEDED, daysAgo(1), "yesterday");

        Retention.Removed removed = retention.cleanUp(Instant.now());

        assertThat(removed.runs()).isEqualTo(1);
        assertThat(removed.logs()).isEqualTo(3);
        assertThat(runIds(shortLived)).containsExactly(weeks, days).doesNotContain(month);
        assertThat(logIds(shortLived)).containsExactly(days);
        assertThat(runIds(logsOnly)).containsExactly(fiveDays, today);
        assertThat(logIds(logsOnly)).containsExactly(today);
        assertThat(runIds(byDefault)).containsExactly(defaultMonth, defaultNewest);
        assertThat(logIds(byDefault)).containsExactly(defaultMonth, defaultNewest);
        assertThat(retention.text(catalogued(shortLived)))
                .isEqualTo("run records 30 days, their logs 7 days; the newest run, result and success stay however"
                        + " old");
        assertThat(retention.text(catalogued(byDefault)))
                .startsWith("run records 400 days (the default), their logs 60 days (the default);");
    }

    @Test
    void theNewestSuccessResultAndRunStayHoweverOldAndThePagesAnswerAsBefore() throws Exception {
        SyncJob job = testPairs.job(pair, List.of("/"));
        long older = run(job, RunStatus.SUCCEEDED, daysAgo(4 * 365), "four years ago");
        long lastGood = run(job, RunStatus.SUCCEEDED, daysAgo(3 * 365), "the newest good copy");
        long skipped = run(job, RunStatus.SKIPPED, daysAgo(900), null);
        long failed = run(job, RunStatus.FAILED, daysAgo(2 * 365), "failed two years ago");
        long cancelled = run(job, RunStatus.CANCELLED, daysAgo(540), "the last result");
        long missed = run(job, RunStatus.MISSED, daysAgo(450), null);
        String json = monitoring("/api/v1/monitoring/jobs/" + job.id());
        String nagios = monitoring("/api/v1/monitoring/jobs/" + job.id() + "/nagios");
        String row = dashboardRow(job);

        Retention.Removed removed = retention.cleanUp(Instant.now());

        assertThat(removed.runs()).isEqualTo(2);
        assertThat(removed.logs()).isEqualTo(2);
        assertThat(runIds(job))
                .as("the newest success, the failure since, the newest result and the newest run")
                .containsExactly(lastGood, failed, cancelled, missed)
                .doesNotContain(older, skipped);
        assertThat(logIds(job)).containsExactly(lastGood, cancelled);
        assertThat(logs.text(lastGood)).contains("the newest good copy");

        assertThat(withoutAge(monitoring("/api/v1/monitoring/jobs/" + job.id())))
                .isEqualTo(withoutAge(json));
        assertThat(json)
                .startsWith("429 ")
                .contains("\"lastSuccessAt\":\"" + daysAgo(3 * 365) + "\"")
                .contains("\"consecutiveFailures\":1")
                .containsPattern("\"ageSeconds\":9460\\d{4}");
        assertThat(withoutAge(monitoring("/api/v1/monitoring/jobs/" + job.id() + "/nagios")))
                .isEqualTo(withoutAge(nagios));
        assertThat(nagios).startsWith("429 SYNC WARNING: " + job.name() + ": last run CANCELLED 540 d ago");
        assertThat(dashboardRow(job)).isEqualTo(row).contains("1095 d old").contains("CANCELLED");
    }

    @Test
    void activeRunsPendingRetriesTheirFirstAttemptsAndLockHoldersStay() {
        SyncJob job = testPairs.job(pair, List.of("/"));
        long gone = run(job, RunStatus.FAILED, daysAgo(600), null);
        long first = run(job, RunStatus.FAILED, daysAgo(500), null);
        long due = runs.save(attempt(job, RunStatus.FAILED, daysAgo(499), 2, first, now.plus(Duration.ofDays(1))))
                .id();
        long firstOfGoing = run(job, RunStatus.FAILED, daysAgo(450), null);
        // Left RUNNING by another node for more than a year: not this node's to end, nor retention's.
        long going = runs.save(attempt(job, RunStatus.RUNNING, null, 2, firstOfGoing, null))
                .id();
        long newest = run(job, RunStatus.SUCCEEDED, daysAgo(1), null);
        SyncJob locked = testPairs.job(pair, List.of("/"));
        long holder = run(locked, RunStatus.FAILED, daysAgo(480), null);
        long lockedNewest = run(locked, RunStatus.SUCCEEDED, daysAgo(1), null);
        jdbc.sql("INSERT INTO job_lock (job_id, run_id, node, acquired_at) VALUES (?, ?, 'other-node', ?)")
                .params(locked.id(), holder, Timestamp.from(daysAgo(480)))
                .update();

        Retention.Removed removed = retention.cleanUp(Instant.now());

        assertThat(removed.runs()).isEqualTo(1);
        assertThat(runIds(job))
                .containsExactly(first, due, firstOfGoing, going, newest)
                .doesNotContain(gone);
        assertThat(runIds(locked)).containsExactly(holder, lockedNewest);
    }

    @Test
    void aLongHistoryGoesInBatchesWithOneLineInTheLog(CapturedOutput output) {
        SyncJob job = testPairs.job(pair, List.of("/"));
        int oldRuns = 2 * Retention.BATCH + 1;
        int oldLogs = Retention.BATCH + 1_000;
        insertMany(job, RunStatus.SKIPPED, oldRuns, daysAgo(401));
        insertMany(job, RunStatus.SUCCEEDED, oldLogs, daysAgo(100));
        jdbc.sql("INSERT INTO run_log (run_id, content, lines_total, bytes_total, lines_omitted)"
                        + " SELECT id, ?, 1, 1, 0 FROM sync_run WHERE job_id = ? AND status = 'SUCCEEDED'")
                .params(gzip("old output"), job.id())
                .update();
        long newest = run(job, RunStatus.SUCCEEDED, daysAgo(1), "yesterday");

        Retention.Removed removed = retention.cleanUp(Instant.now());

        assertThat(removed.runs()).isEqualTo(oldRuns);
        assertThat(removed.logs()).isEqualTo(oldLogs);
        assertThat(removed.batches()).as("3 batches of runs, 2 of logs").isEqualTo(5);
        assertThat(runIds(job)).hasSize(oldLogs + 1).contains(newest);
        assertThat(logIds(job)).containsExactly(newest);
        assertThat(output)
                .containsPattern("Retention: removed " + oldRuns + " run records and " + oldLogs + " logs in \\d+ ms");
    }

    @Test
    void twoNodesCleaningUpAtOnceRemoveEachRowOnce() throws Exception {
        SyncJob job = testPairs.job(pair, List.of("/"));
        int old = Retention.BATCH + 2_000;
        insertMany(job, RunStatus.FAILED, old, daysAgo(401));
        long newest = run(job, RunStatus.SUCCEEDED, daysAgo(1), null);
        CyclicBarrier together = new CyclicBarrier(2);
        ExecutorService nodes = Executors.newFixedThreadPool(2);
        try {
            List<CompletableFuture<Retention.Removed>> both = new ArrayList<>();
            for (int node = 0; node < 2; node++) {
                both.add(CompletableFuture.supplyAsync(
                        () -> {
                            try {
                                together.await();
                            } catch (Exception e) {
                                throw new IllegalStateException(e);
                            }
                            return retention.cleanUp(Instant.now());
                        },
                        nodes));
            }
            long total = 0;
            for (CompletableFuture<Retention.Removed> one : both) {
                total += one.get().runs();
            }
            assertThat(total).isEqualTo(old);
        } finally {
            nodes.shutdownNow();
        }
        assertThat(runIds(job)).containsExactly(newest);
    }

    private SyncJob job(String name, RetentionDays days) {
        return catalog.create(new JobDefinition(
                        name + "-" + UUID.randomUUID(),
                        pair.id(),
                        List.of("/"),
                        List.of(),
                        true,
                        CronSchedule.parse("0 3 1 1 *", "UTC"),
                        true)
                .withGuard(TestPairs.NO_GUARD)
                .withRetention(days));
    }

    private SyncJob catalogued(SyncJob job) {
        return jobs.findById(job.id()).orElseThrow();
    }

    private Instant daysAgo(int days) {
        return now.minus(Duration.ofDays(days)).minus(HALF_HOUR).truncatedTo(ChronoUnit.SECONDS);
    }

    /** A run that ended at {@code finished}, with a stored log when {@code output} is not null. */
    private long run(SyncJob job, RunStatus status, Instant finished, String output) {
        boolean ran = status != RunStatus.SKIPPED && status != RunStatus.MISSED;
        Integer exit = status == RunStatus.SUCCEEDED ? Integer.valueOf(0) : status == RunStatus.FAILED ? 23 : null;
        String message =
                status == RunStatus.SUCCEEDED ? null : status.name().toLowerCase(Locale.ROOT) + " for the test";
        Instant queued = finished.minusSeconds(60);
        Run saved = runs.save(new Run(
                null,
                job.id(),
                status,
                RunTrigger.SCHEDULE,
                "schedule",
                "test-node",
                queued,
                ran ? queued : null,
                finished,
                exit,
                message,
                null));
        if (output != null) {
            jdbc.sql("INSERT INTO run_log (run_id, content, lines_total, bytes_total, lines_omitted)"
                            + " VALUES (?, ?, 1, ?, 0)")
                    .params(saved.id(), gzip(output), output.length())
                    .update();
        }
        return saved.id();
    }

    /** Attempt {@code attempt} of {@code first}, by another node; {@code finished} null: still going. */
    private Run attempt(SyncJob job, RunStatus status, Instant finished, int attempt, long first, Instant retryDue) {
        Instant queued = finished == null ? daysAgo(450) : finished.minusSeconds(60);
        return new Run(
                null,
                job.id(),
                status,
                RunTrigger.RETRY,
                "retry of run #" + first,
                "other-node",
                queued,
                queued,
                finished,
                finished == null ? null : 255,
                null,
                null,
                null,
                attempt,
                first,
                retryDue,
                null,
                null);
    }

    /** {@code count} runs ended a second apart, the newest at {@code newest}, without logs. */
    private void insertMany(SyncJob job, RunStatus status, int count, Instant newest) {
        List<Object[]> rows = new ArrayList<>();
        for (int i = count - 1; i >= 0; i--) {
            Timestamp finished = Timestamp.from(newest.minusSeconds(i));
            rows.add(new Object[] {job.id(), status.name(), finished, finished});
        }
        template.batchUpdate(
                "INSERT INTO sync_run (job_id, status, trigger_type, triggered_by, node, queued_at, finished_at)"
                        + " VALUES (?, ?, 'SCHEDULE', 'schedule', 'test-node', ?, ?)",
                rows);
    }

    private List<Long> runIds(SyncJob job) {
        return jdbc.sql("SELECT id FROM sync_run WHERE job_id = ? ORDER BY id")
                .param(job.id())
                .query(Long.class)
                .list();
    }

    private List<Long> logIds(SyncJob job) {
        return jdbc.sql("SELECT l.run_id FROM run_log l JOIN sync_run r ON r.id = l.run_id WHERE r.job_id = ?"
                        + " ORDER BY l.run_id")
                .param(job.id())
                .query(Long.class)
                .list();
    }

    private String monitoring(String url) throws Exception {
        MockHttpServletResponse response = mvc.perform(
                        get(url).with(user("nagios").authorities(new SimpleGrantedAuthority("SCOPE_monitoring:read"))))
                .andReturn()
                .getResponse();
        return response.getStatus() + " " + response.getContentAsString();
    }

    /** The age in seconds goes on while the test runs; everything else must stay. */
    private static String withoutAge(String answer) {
        return answer.replaceAll("\"ageSeconds\":\\d+", "\"ageSeconds\":_").replaceAll("age=\\d+s", "age=_s");
    }

    /** The job's row on the dashboard, as text. */
    private String dashboardRow(SyncJob job) throws Exception {
        String html = mvc.perform(get("/").with(user("alice")))
                .andReturn()
                .getResponse()
                .getContentAsString();
        int at = html.indexOf("data-job=\"" + job.name() + "\"");
        assertThat(at).as("the job's row on the dashboard").isNotNegative();
        String row = html.substring(at, html.indexOf("</tr>", at));
        return HtmlUtils.htmlUnescape(row.replaceAll("<[^>]*>", " "))
                .replaceAll("\\s+", " ")
                .strip();
    }

    private static byte[] gzip(String text) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}
