package app.syncboard.runs;

import static app.syncboard.TestUsers.user;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.asyncDispatch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.request;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import app.syncboard.SyncboardTest;
import app.syncboard.TestPairs;
import app.syncboard.jobs.SyncJob;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

/**
 * A job's history with hundreds of runs: pages newest first that page on by run id (older and newer), filters by
 * status, trigger and days that keep across pages, the trend charts, and the CSV export.
 */
@SyncboardTest
class JobHistoryIT {

    private static final Pattern RUN_LINK = Pattern.compile("<td><a href=\"/runs/(\\d+)\">");
    private static final Pattern OLDER = Pattern.compile("href=\"([^\"]+)\" id=\"older-runs\"");
    private static final Pattern NEWER = Pattern.compile("href=\"([^\"]+)\" id=\"newer-runs\"");
    private static final Instant DAY_ONE = Instant.parse("2026-01-01T02:00:00Z");
    private static final int RUNS = 230;

    @Autowired
    MockMvc mvc;

    @Autowired
    TestPairs testPairs;

    @Autowired
    JdbcClient jdbc;

    @TempDir
    Path dir;

    SyncJob job;
    List<Long> ids = new ArrayList<>();

    /** One run a day from 1 January 2026; every 7th failed, every 10th started by hand. */
    @BeforeEach
    void aJobWithTwoHundredAndThirtyRuns() {
        job = testPairs.job(testPairs.localPair(dir.resolve("a"), dir.resolve("b")), List.of("/data/"));
        for (int day = 0; day < RUNS; day++) {
            Instant queued = DAY_ONE.plus(Duration.ofDays(day));
            boolean failed = day % 7 == 3;
            jdbc.sql("INSERT INTO sync_run (job_id, status, trigger_type, triggered_by, node, queued_at, started_at,"
                            + " finished_at, exit_code, message, bytes_sent, bytes_received)"
                            + " VALUES (?, ?, ?, ?, 'test-node', ?, ?, ?, ?, ?, ?, ?)")
                    .params(
                            job.id(),
                            failed ? "FAILED" : "SUCCEEDED",
                            day % 10 == 5 ? "MANUAL" : "SCHEDULE",
                            day % 10 == 5 ? "alice" : null,
                            Timestamp.from(queued),
                            Timestamp.from(queued),
                            Timestamp.from(queued.plusSeconds(60 + day)),
                            failed ? 23 : 0,
                            failed ? "=HYPERLINK(\"http://evil\"), day " + day : "fine, \"quoted\"\nsecond line",
                            1000L * day,
                            100L)
                    .update();
        }
        ids = jdbc.sql("SELECT id FROM sync_run WHERE job_id = ? ORDER BY id DESC")
                .param(job.id())
                .query(Long.class)
                .list();
    }

    @Test
    void olderAndNewerPagesWalkTheWholeHistoryNewestFirst() throws Exception {
        List<Long> seen = new ArrayList<>();
        List<String> olderLinks = new ArrayList<>();
        String page = page("/jobs/" + job.id());
        while (true) {
            List<Long> shown = runIds(page);
            assertThat(shown).hasSizeLessThanOrEqualTo(RunHistory.PAGE_SIZE).isNotEmpty();
            seen.addAll(shown);
            Matcher older = OLDER.matcher(page);
            if (!older.find()) {
                break;
            }
            olderLinks.add(unescape(older.group(1)));
            page = page(unescape(older.group(1)));
        }
        assertThat(seen).as("every run once, newest first").isEqualTo(ids);
        assertThat(olderLinks).hasSize(4);

        // Back from the last page: "Newer runs" shows the page before it again.
        Matcher newer = NEWER.matcher(page);
        assertThat(newer.find()).isTrue();
        assertThat(runIds(page(unescape(newer.group(1))))).isEqualTo(ids.subList(150, 200));
        assertThat(page("/jobs/" + job.id())).doesNotContain("id=\"newer-runs\"");
    }

    @Test
    void filtersByStatusTriggerAndDaysAndKeepTheFilterAcrossPages() throws Exception {
        String failed = page("/jobs/" + job.id() + "?status=FAILED");
        List<Long> failedIds = runIds(failed);
        assertThat(failedIds).hasSize(33);
        assertThat(failed).doesNotContain("status-SUCCEEDED\"").contains("checked");

        String manual = page("/jobs/" + job.id() + "?trigger=MANUAL&status=SUCCEEDED&status=FAILED");
        assertThat(runIds(manual)).hasSize(23);

        // 1 to 10 February in the job's zone (UTC): ten runs, one a day.
        String february = page("/jobs/" + job.id() + "?from=2026-02-01&to=2026-02-10");
        assertThat(runIds(february)).hasSize(10);
        assertThat(runIds(february).get(0)).isEqualTo(ids.get(ids.size() - 1 - 40));

        String firstPage = page("/jobs/" + job.id() + "?status=SUCCEEDED");
        Matcher older = OLDER.matcher(firstPage);
        assertThat(older.find()).isTrue();
        assertThat(unescape(older.group(1))).contains("status=SUCCEEDED").contains("before=");
        String second = page(unescape(older.group(1)));
        assertThat(runIds(second)).hasSize(50).doesNotContainAnyElementsOf(runIds(firstPage));
        assertThat(second).doesNotContain("status-FAILED\"");
    }

    @Test
    void aFilterThatCannotBeReadSaysSoNextToItsFieldAndTheHistoryStillShows() throws Exception {
        String page = page("/jobs/" + job.id() + "?from=yesterday&to=2026-02-01&status=NOPE");

        assertThat(page)
                .contains("Not a day as 2026-11-21: &quot;yesterday&quot;.")
                .contains("Not a run status: &quot;NOPE&quot;.")
                .contains("value=\"yesterday\"");
        assertThat(runIds(page)).as("up to 1 February").hasSize(32);

        assertThat(page("/jobs/" + job.id() + "?from=0001-01-01&to=%2B999999999-12-31"))
                .contains("Choose a day between the years 1970 and 9999.");

        String reversed = page("/jobs/" + job.id() + "?from=2026-03-01&to=2026-02-01");
        assertThat(reversed).contains("The last day comes before the first (2026-03-01).");
    }

    @Test
    void theCsvHasEveryMatchingRunAndNoCellStartsAFormula() throws Exception {
        List<CSVRecord> rows = csv("/jobs/" + job.id() + "/runs.csv?status=FAILED");

        assertThat(rows).hasSize(33);
        CSVRecord newest = rows.get(0);
        assertThat(newest.get("status")).isEqualTo("FAILED");
        assertThat(newest.get("message")).isEqualTo("'=HYPERLINK(\"http://evil\"), day 227");
        assertThat(newest.get("duration_seconds")).isEqualTo("287");
        assertThat(newest.get("bytes_sent")).isEqualTo("227000");
        assertThat(newest.get("queued_at")).isEqualTo("2026-08-16T02:00:00Z");

        List<CSVRecord> all = csv("/jobs/" + job.id() + "/runs.csv");
        assertThat(all).hasSize(RUNS);
        assertThat(all.get(1).get("message")).isEqualTo("fine, \"quoted\"\nsecond line");
        assertThat(LocalDate.ofInstant(Instant.parse(all.get(RUNS - 1).get("queued_at")), ZoneOffset.UTC))
                .isEqualTo(LocalDate.of(2026, 1, 1));
    }

    @Test
    void theTrendChartsDrawTheLastThirtyOrNinetyRunsWithFailuresMarked() throws Exception {
        String page = page("/jobs/" + job.id());
        String durations = section(page, "trend-duration");
        assertThat(count(durations, "class=\"bar ")).isEqualTo(30);
        // Of the last 30 days (200 to 229), days 203, 210, 217, 224 failed.
        assertThat(count(durations, "class=\"bar bad\"")).isEqualTo(4);
        assertThat(durations).contains("(tallest: 4 min 49 s)");
        assertThat(section(page, "trend-bytes")).contains("(tallest: 229 kB)");

        String longer = page("/jobs/" + job.id() + "?trend=90");
        assertThat(count(section(longer, "trend-duration"), "class=\"bar ")).isEqualTo(90);
    }

    private String page(String path) throws Exception {
        return mvc.perform(get(path).with(user("alice")))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString(StandardCharsets.UTF_8);
    }

    /** The export is streamed: the answer is complete once its asynchronous part has run. */
    private List<CSVRecord> csv(String path) throws Exception {
        MvcResult started = mvc.perform(get(path).with(user("alice")))
                .andExpect(request().asyncStarted())
                .andReturn();
        MockHttpServletResponse answer = mvc.perform(asyncDispatch(started))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse();
        assertThat(answer.getContentType()).isEqualTo("text/csv;charset=UTF-8");
        assertThat(answer.getHeader("Content-Disposition"))
                .contains("attachment")
                .contains(".csv");
        return CSVFormat.RFC4180
                .builder()
                .setHeader()
                .setSkipHeaderRecord(true)
                .get()
                .parse(new StringReader(answer.getContentAsString(StandardCharsets.UTF_8)))
                .getRecords();
    }

    private static List<Long> runIds(String page) {
        List<Long> shown = new ArrayList<>();
        Matcher link = RUN_LINK.matcher(page);
        while (link.find()) {
            shown.add(Long.parseLong(link.group(1)));
        }
        return shown;
    }

    private static String section(String page, String id) {
        int start = page.indexOf("id=\"" + id + "\"");
        assertThat(start).as(id).isPositive();
        return page.substring(start, page.indexOf("</figure>", start));
    }

    private static int count(String text, String part) {
        return text.split(Pattern.quote(part), -1).length - 1;
    }

    private static String unescape(String href) {
        return href.replace("&amp;", "&");
    }
}
