package app.syncboard.runs;

import static app.syncboard.TestUsers.user;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;

import app.syncboard.SyncboardTest;
import app.syncboard.TestPairs;
import app.syncboard.jobs.SyncJob;
import app.syncboard.jobs.SyncJobs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;

/** rsync waits at a gate (see {@link GatedRsync}) so that the first run stays RUNNING while the second comes. */
@SyncboardTest
class OverlapIT {

    static GatedRsync rsync;

    @DynamicPropertySource
    static void gatedRsync(DynamicPropertyRegistry registry) throws IOException {
        rsync = GatedRsync.in(Files.createTempDirectory("syncboard-gates"));
        registry.add("syncboard.rsync-command", () -> rsync.program().toString());
        registry.add("syncboard.max-parallel-runs", () -> "1");
    }

    @Autowired
    RunLauncher launcher;

    @Autowired
    RunHistory history;

    @Autowired
    TestPairs testPairs;

    @Autowired
    SyncJobs jobs;

    @Autowired
    MockMvc mvc;

    @Test
    void secondTriggerWhileRunningIsSkippedWithTheReason() throws Exception {
        Path primary = Files.createDirectories(rsync.directory().resolve("primary/gate-a"));
        Path standby = Files.createDirectories(rsync.directory().resolve("standby"));
        Files.writeString(primary.resolve("file.txt"), "x");
        rsync.gate("gate-a");
        SyncJob job = testPairs.job(testPairs.localPair(primary.getParent(), standby), List.of("/gate-a/"));

        Run first = launcher.launch(job.id(), RunTrigger.SCHEDULE, "schedule");
        await().atMost(Duration.ofSeconds(10))
                .until(() -> history.find(first.id()).orElseThrow().status() == RunStatus.RUNNING);

        Run second = launcher.launch(job.id(), RunTrigger.MANUAL, "bob");

        assertThat(second.status()).isEqualTo(RunStatus.SKIPPED);
        assertThat(second.message())
                .matches("Already running since \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d UTC \\(run #" + first.id()
                        + " on test-node\\)\\.");
        assertThat(history.find(second.id()).orElseThrow().status()).isEqualTo(RunStatus.SKIPPED);

        // The pages say so, and offer no second start.
        String jobPage = mvc.perform(get("/jobs/{id}", job.id()).with(user("alice")))
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(jobPage)
                .contains("Run #" + first.id() + " is going: watch it")
                .contains("disabled");

        // Nor can the job be deleted under the running rsync.
        mvc.perform(post("/jobs/{id}/delete", job.id()).with(user("alice")).with(csrf()))
                .andExpect(redirectedUrl("/jobs/" + job.id()))
                .andExpect(flash().attribute("notice", containsString("is going")));
        assertThat(jobs.existsById(job.id())).isTrue();

        rsync.open("gate-a");
        await().atMost(Duration.ofSeconds(30))
                .until(() -> history.find(first.id()).orElseThrow().status() == RunStatus.SUCCEEDED);
        assertThat(standby.resolve("gate-a/file.txt")).exists();

        // The lock went with the first run: the next trigger runs.
        Run third = launcher.launch(job.id(), RunTrigger.MANUAL, "bob");
        assertThat(third.status()).isEqualTo(RunStatus.QUEUED);
        rsync.open("gate-a");
        await().atMost(Duration.ofSeconds(30))
                .until(() -> history.find(third.id()).orElseThrow().status() == RunStatus.SUCCEEDED);
    }

    @Test
    void beyondTheParallelLimitRunsWaitAsQueued() throws Exception {
        Path primary = Files.createDirectories(rsync.directory().resolve("limit/primary/gate-b"));
        Path standby = Files.createDirectories(rsync.directory().resolve("limit/standby"));
        rsync.gate("gate-b");
        SyncJob blocking = testPairs.job(testPairs.localPair(primary.getParent(), standby), List.of("/gate-b/"));
        Path other = Files.createDirectories(rsync.directory().resolve("limit/other"));
        SyncJob waiting = testPairs.job(
                testPairs.localPair(other, rsync.directory().resolve("limit/other-standby")), List.of("/"));

        Run first = launcher.launch(blocking.id(), RunTrigger.MANUAL, "alice");
        await().atMost(Duration.ofSeconds(10))
                .until(() -> history.find(first.id()).orElseThrow().status() == RunStatus.RUNNING);
        Run second = launcher.launch(waiting.id(), RunTrigger.MANUAL, "alice");

        // max-parallel-runs is 1 here: the other job's run waits, and is not refused.
        assertThat(second.status()).isEqualTo(RunStatus.QUEUED);
        assertThat(history.find(second.id()).orElseThrow().status()).isEqualTo(RunStatus.QUEUED);

        rsync.open("gate-b");
        await().atMost(Duration.ofSeconds(30))
                .until(() -> history.find(second.id()).orElseThrow().status() == RunStatus.SUCCEEDED);
        assertThat(history.find(first.id()).orElseThrow().status()).isEqualTo(RunStatus.SUCCEEDED);
    }
}
