package app.syncboard.web;

import static app.syncboard.TestUsers.user;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import app.syncboard.SyncboardTest;
import app.syncboard.TestPairs;
import app.syncboard.hosts.Pair;
import app.syncboard.jobs.JobCatalog;
import app.syncboard.jobs.SyncJob;
import app.syncboard.jobs.SyncJobs;
import app.syncboard.runs.RunHistory;
import app.syncboard.runs.RunLauncher;
import app.syncboard.runs.RunStatus;
import app.syncboard.runs.RunTrigger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.web.util.HtmlUtils;

/** A job whose pair or schedule is paused shows PAUSED with the reason, never a green result. */
@SyncboardTest
class PausedDashboardIT {

    @Autowired
    MockMvc mvc;

    @Autowired
    TestPairs testPairs;

    @Autowired
    RunLauncher launcher;

    @Autowired
    RunHistory history;

    @Autowired
    JobCatalog catalog;

    @Autowired
    SyncJobs jobs;

    @TempDir
    Path dir;

    @Test
    void aJobOfAPausedPairShowsPausedWithTheReasonAndNoGreenResult() throws Exception {
        Files.createDirectories(dir.resolve("a"));
        Pair pair = testPairs.localPair(dir.resolve("a"), dir.resolve("b"));
        SyncJob job = testPairs.job(pair, List.of("/"));
        succeeded(job);
        assertThat(row(page("/"), job.name())).contains("status-SUCCEEDED").doesNotContain("PAUSED");

        mvc.perform(post("/pairs/{id}/pause", pair.id())
                .param("reason", "failover")
                .with(user("alice"))
                .with(csrf()));
        // A scheduled trigger while paused is skipped: what the pause is for, so no alarm.
        assertThat(launcher.launch(job.id(), RunTrigger.SCHEDULE, "schedule").status())
                .isEqualTo(RunStatus.SKIPPED);

        String row = HtmlUtils.htmlUnescape(row(page("/"), job.name()));
        assertThat(row)
                .contains("status-PAUSED")
                .contains("The pair " + pair.name() + " is paused: failover (paused by alice)")
                .contains("last run")
                .contains("succeeded")
                .contains("pair paused")
                .contains("data-attention=\"false\"")
                .contains("disabled")
                .doesNotContain("status-SUCCEEDED")
                .doesNotContain("Skipped");
        assertThat(page("/")).doesNotContainPattern("All \\d+ jobs are fine\\.");

        mvc.perform(post("/pairs/{id}/resume", pair.id()).with(user("alice")).with(csrf()));
        assertThat(row(page("/"), job.name())).doesNotContain("PAUSED");
    }

    @Test
    void aJobWhoseScheduleIsPausedShowsPaused() throws Exception {
        Files.createDirectories(dir.resolve("a"));
        SyncJob job = testPairs.job(testPairs.localPair(dir.resolve("a"), dir.resolve("b")), List.of("/"));
        succeeded(job);

        catalog.pause(jobs.findById(job.id()).orElseThrow(), "Paused by alice.");

        assertThat(row(page("/"), job.name()))
                .contains("status-PAUSED")
                .contains("Schedule paused: Paused by alice.")
                .contains("schedule off")
                .doesNotContain("status-SUCCEEDED");
    }

    private void succeeded(SyncJob job) {
        long runId = launcher.launch(job.id(), RunTrigger.MANUAL, "alice").id();
        await().atMost(Duration.ofSeconds(30))
                .until(() -> history.find(runId).orElseThrow().status() == RunStatus.SUCCEEDED);
    }

    private String page(String url) throws Exception {
        return mvc.perform(get(url).with(user("alice")))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
    }

    private static String row(String page, String jobName) {
        int start = page.indexOf("data-job=\"" + jobName + "\"");
        assertThat(start).as("row of " + jobName).isPositive();
        return page.substring(start, page.indexOf("</tr>", start));
    }
}
