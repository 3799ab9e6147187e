package app.syncboard.web;

import static app.syncboard.TestUsers.user;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrlPattern;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import app.syncboard.SyncboardTest;
import app.syncboard.TestPairs;
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

@SyncboardTest
class DashboardIT {

    @Autowired
    MockMvc mvc;

    @Autowired
    TestPairs testPairs;

    @Autowired
    RunHistory history;

    @Autowired
    RunLauncher launcher;

    @Autowired
    SyncJobs jobs;

    @TempDir
    Path dir;

    @Test
    void everyPageNeedsASignedInUser() throws Exception {
        mvc.perform(get("/")).andExpect(status().is3xxRedirection()).andExpect(redirectedUrl("/login"));
        mvc.perform(get("/jobs/1")).andExpect(status().is3xxRedirection());
        mvc.perform(get("/login")).andExpect(status().isOk());
    }

    @Test
    void formsWithoutTheCsrfTokenAreRefused() throws Exception {
        mvc.perform(post("/jobs/1/sync").with(user("alice"))).andExpect(status().isForbidden());
    }

    @Test
    void syncNowStartsARunAndTheDashboardShowsItsOutcome() throws Exception {
        Files.createDirectories(dir.resolve("a/data"));
        Files.writeString(dir.resolve("a/data/file"), "x");
        SyncJob job = testPairs.job(testPairs.localPair(dir.resolve("a"), dir.resolve("b")), List.of("/data/"));

        String before = page("/");
        assertThat(row(before, job.name()))
                .contains("data-attention=\"false\"")
                .contains("NEVER RAN")
                .contains("waiting for the first run")
                .contains("Sync now");

        String runPage = mvc.perform(
                        post("/jobs/{id}/sync", job.id()).with(user("alice")).with(csrf()))
                .andExpect(status().is3xxRedirection())
                .andExpect(redirectedUrlPattern("/runs/*"))
                .andReturn()
                .getResponse()
                .getRedirectedUrl();
        long runId = Long.parseLong(runPage.substring("/runs/".length()));
        await().atMost(Duration.ofSeconds(30))
                .until(() -> history.find(runId).orElseThrow().status() == RunStatus.SUCCEEDED);

        assertThat(row(page("/"), job.name()))
                .contains("SUCCEEDED")
                .contains("data-attention=\"false\"")
                .containsPattern("\\d+ (ms|s) old")
                .containsPattern(">in \\d+ d") // next run: 1 January, 03:00
                .doesNotContain("NEVER RAN");
        assertThat(page(runPage))
                .contains("SUCCEEDED")
                .contains("manual by alice")
                .contains("data/file");
        assertThat(HtmlUtils.htmlUnescape(page("/jobs/" + job.id())))
                .contains("#" + runId)
                .contains("manual by alice")
                .contains("rsync --archive --relative --verbose --stats --delete -- " + dir.resolve("a") + "/./data/ "
                        + dir.resolve("b") + "/");
    }

    @Test
    void aFailedRunIsShownWithItsReasonAndCountsAsNeedingAttention() throws Exception {
        SyncJob job = testPairs.job(testPairs.localPair(dir.resolve("a"), dir.resolve("b")), List.of("/missing/"));
        long runId = launcher.launch(job.id(), RunTrigger.MANUAL, "alice").id();
        await().atMost(Duration.ofSeconds(30))
                .until(() -> !history.find(runId).orElseThrow().isActive());

        String dashboard = page("/");
        assertThat(row(dashboard, job.name()))
                .contains("FAILED")
                .contains("rsync exited with code 23: partial transfer due to error")
                .contains("no good copy yet")
                .contains("data-attention=\"true\"");
        assertThat(dashboard).containsPattern("\\d+ of \\d+ jobs need attention");
    }

    @Test
    void deletingAJobRemovesItsRunsAndLogs() throws Exception {
        SyncJob job = testPairs.job(testPairs.localPair(dir.resolve("a"), dir.resolve("b")), List.of("/"));
        Files.createDirectories(dir.resolve("a"));
        long runId = launcher.launch(job.id(), RunTrigger.MANUAL, "alice").id();
        await().atMost(Duration.ofSeconds(30))
                .until(() -> !history.find(runId).orElseThrow().isActive());

        assertThat(page("/jobs/" + job.id() + "/delete"))
                .containsPattern("history of <strong>1</strong>\\s*<span>run</span>");
        mvc.perform(post("/jobs/{id}/delete", job.id()).with(user("alice")).with(csrf()))
                .andExpect(redirectedUrl("/"));

        assertThat(jobs.existsById(job.id())).isFalse();
        assertThat(history.find(runId)).isEmpty();
        mvc.perform(get("/runs/" + runId).with(user("alice"))).andExpect(status().isNotFound());
    }

    @Test
    void htmxRefreshGetsOnlyTheBoard() throws Exception {
        String rows = mvc.perform(get("/").with(user("alice")).header("HX-Request", "true"))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();

        assertThat(rows.strip()).startsWith("<section").endsWith("</section>").doesNotContain("<header");
    }

    @Test
    void unknownJobOrRunIsNotFound() throws Exception {
        mvc.perform(get("/jobs/999999").with(user("alice"))).andExpect(status().isNotFound());
        mvc.perform(get("/runs/999999").with(user("alice"))).andExpect(status().isNotFound());
        mvc.perform(post("/jobs/999999/sync").with(user("alice")).with(csrf())).andExpect(status().isNotFound());
    }

    @Test
    void signOutReturnsToTheLoginPage() throws Exception {
        mvc.perform(post("/logout").with(user("alice")).with(csrf())).andExpect(redirectedUrl("/login?logout"));
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
