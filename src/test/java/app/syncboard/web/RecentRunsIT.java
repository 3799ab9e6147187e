package app.syncboard.web;

import static app.syncboard.TestUsers.user;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import app.syncboard.SyncboardTest;
import app.syncboard.TestPairs;
import app.syncboard.hosts.Pair;
import app.syncboard.hosts.Pairs;
import app.syncboard.jobs.CronSchedule;
import app.syncboard.jobs.JobCatalog;
import app.syncboard.jobs.JobDefinition;
import app.syncboard.jobs.SyncJob;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;

/** The "last 24 hours" page: each run of the window, grouped by pair, failures first; jobs that did not run. */
@SyncboardTest
class RecentRunsIT {

    private static final Pattern ROW = Pattern.compile("data-job=\"([^\"]+)\" data-rank=\"([A-Z]+)\"");
    private static final Pattern PAIR = Pattern.compile("class=\"recent-pair\" data-pair=\"([^\"]+)\"");

    @Autowired
    MockMvc mvc;

    @Autowired
    TestPairs testPairs;

    @Autowired
    JobCatalog catalog;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    Pairs pairs;

    @TempDir
    Path dir;

    @Test
    void everyRunOfTheLastDayGroupedByPairWithFailuresFirst() throws Exception {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        Pair quiet = pair("a-quiet-" + tag);
        Pair troubled = pair("z-troubled-" + tag);
        SyncJob home = testPairs.job(quiet, "home-" + tag, List.of("/home/"));
        SyncJob mail = testPairs.job(troubled, "mail-" + tag, List.of("/mail/"));
        SyncJob www = testPairs.job(troubled, "www-" + tag, List.of("/www/"));
        // Due two hours ago (daily), and never ran: the page says it should have.
        SyncJob forgotten = catalog.create(new JobDefinition(
                        "forgotten-" + tag,
                        troubled.id(),
                        List.of("/etc/"),
                        List.of(),
                        true,
                        dailyAt(Instant.now().minus(Duration.ofHours(2))),
                        true)
                .withGuard(TestPairs.NO_GUARD));
        Instant now = Instant.now();
        run(home, "SUCCEEDED", now.minus(Duration.ofHours(3)), null);
        run(home, "SUCCEEDED", now.minus(Duration.ofHours(30)), null);
        run(mail, "SUCCEEDED", now.minus(Duration.ofHours(5)), null);
        run(mail, "FAILED", now.minus(Duration.ofHours(2)), "rsync exited with code 23 <b>");
        run(www, "SKIPPED", now.minus(Duration.ofHours(1)), "Already running");

        String page = page("/runs/recent");

        List<String> pairs = new ArrayList<>();
        Matcher pair = PAIR.matcher(page);
        while (pair.find()) {
            pairs.add(pair.group(1));
        }
        assertThat(pairs.indexOf(troubled.name()))
                .as("the pair with a failure comes first")
                .isLessThan(pairs.indexOf(quiet.name()));

        List<String> rows = rows(section(page, troubled.name()));
        assertThat(rows)
                .containsExactly(
                        mail.name() + " FAILED",
                        www.name() + " ATTENTION",
                        forgotten.name() + " ATTENTION",
                        mail.name() + " SUCCEEDED");
        assertThat(rows(section(page, quiet.name())))
                .as("the run of 30 hours ago is outside the window")
                .containsExactly(home.name() + " SUCCEEDED");
        assertThat(page)
                .contains("rsync exited with code 23 &lt;b&gt;")
                .contains("No run, although the schedule had one due in this time.");

        String threeDays = page("/runs/recent?hours=72");
        assertThat(rows(section(threeDays, quiet.name())))
                .containsExactly(home.name() + " SUCCEEDED", home.name() + " SUCCEEDED");
    }

    @Test
    void anOutOfRangeWindowIsBoundedNotAnError() throws Exception {
        assertThat(page("/runs/recent?hours=100000")).contains("<h1>Last 168 hours</h1>");
        assertThat(page("/runs/recent?hours=0")).contains("<h1>Last 1 hours</h1>");
        mvc.perform(get("/runs/recent?hours=lots").with(user("alice"))).andExpect(status().isBadRequest());
    }

    private Pair pair(String name) {
        Pair pair = testPairs.localPair(dir.resolve(name + "/a"), dir.resolve(name + "/b"));
        jdbc.sql("UPDATE pair SET name = ? WHERE id = ?")
                .params(name, pair.id())
                .update();
        return pairs.findById(pair.id()).orElseThrow();
    }

    private static CronSchedule dailyAt(Instant when) {
        ZonedDateTime at = when.atZone(ZoneOffset.UTC);
        return CronSchedule.parse(at.getMinute() + " " + at.getHour() + " * * *", "UTC");
    }

    private void run(SyncJob job, String status, Instant queued, String message) {
        jdbc.sql(
                        "INSERT INTO sync_run (job_id, status, trigger_type, node, queued_at, started_at, finished_at, message)"
                                + " VALUES (?, ?, 'SCHEDULE', 'test-node', ?, ?, ?, ?)")
                .params(
                        job.id(),
                        status,
                        Timestamp.from(queued),
                        Timestamp.from(queued),
                        Timestamp.from(queued.plusSeconds(30)),
                        message)
                .update();
    }

    private String page(String path) throws Exception {
        return mvc.perform(get(path).with(user("alice")))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString(StandardCharsets.UTF_8);
    }

    private static String section(String page, String pair) {
        int start = page.indexOf("data-pair=\"" + pair + "\"");
        assertThat(start).as(pair).isPositive();
        return page.substring(start, page.indexOf("</section>", start));
    }

    private static List<String> rows(String section) {
        List<String> rows = new ArrayList<>();
        Matcher row = ROW.matcher(section);
        while (row.find()) {
            rows.add(row.group(1) + " " + row.group(2));
        }
        return rows;
    }
}
