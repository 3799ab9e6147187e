package app.syncboard.runs;

import static app.syncboard.TestUsers.user;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.startsWith;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;

import app.syncboard.SyncboardTest;
import app.syncboard.TestPairs;
import app.syncboard.hosts.Pair;
import app.syncboard.jobs.SyncJob;
import app.syncboard.jobs.SyncJobDue;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.test.web.servlet.MockMvc;

/** A paused pair runs nothing: its schedules still fire and are recorded as SKIPPED, and Sync now is refused. */
@SyncboardTest
class PairPauseIT {

    @Autowired
    MockMvc mvc;

    @Autowired
    RunLauncher launcher;

    @Autowired
    RunHistory history;

    @Autowired
    Runs runs;

    @Autowired
    TestPairs testPairs;

    @Autowired
    ApplicationEventPublisher events;

    @TempDir
    Path dir;

    @Test
    void aPausedPairRunsNothingUntilItIsResumed() throws Exception {
        Path primary = Files.createDirectories(dir.resolve("primary"));
        Path standby = Files.createDirectories(dir.resolve("standby"));
        Files.writeString(primary.resolve("db.dump"), "dump\n");
        Pair pair = testPairs.localPair(primary, standby);
        SyncJob job = testPairs.job(pair, List.of("/"));

        mvc.perform(post("/pairs/{id}/pause", pair.id())
                        .param("reason", "Failover to the standby under way")
                        .with(user("alice"))
                        .with(csrf()))
                .andExpect(redirectedUrl("/pairs/" + pair.id()));
        String reason = "The pair " + pair.name() + " is paused: Failover to the standby under way (paused by alice)";

        // The schedule fires as Quartz would have it.
        events.publishEvent(new SyncJobDue(job.id(), Instant.now()));
        Run scheduled = latestOf(job);
        assertThat(scheduled.trigger()).isEqualTo(RunTrigger.SCHEDULE);
        assertThat(scheduled.status()).isEqualTo(RunStatus.SKIPPED);
        assertThat(scheduled.message()).isEqualTo(reason);

        String runPage = mvc.perform(
                        post("/jobs/{id}/sync", job.id()).with(user("bob")).with(csrf()))
                .andExpect(flash().attribute("notice", "Not started: " + reason))
                .andReturn()
                .getResponse()
                .getRedirectedUrl();
        Run manual = history.find(Long.parseLong(runPage.substring("/runs/".length())))
                .orElseThrow();
        assertThat(manual.status()).isEqualTo(RunStatus.SKIPPED);
        assertThat(manual.trigger()).isEqualTo(RunTrigger.MANUAL);
        assertThat(standby).isEmptyDirectory();

        mvc.perform(post("/pairs/{id}/resume", pair.id()).with(user("alice")).with(csrf()))
                .andExpect(flash().attribute("notice", startsWith("Pair \"" + pair.name() + "\" resumed")));

        events.publishEvent(new SyncJobDue(job.id(), Instant.now()));
        Run resumed = awaitFinished(latestOf(job).id());
        assertThat(resumed.trigger()).isEqualTo(RunTrigger.SCHEDULE);
        assertThat(resumed.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(standby.resolve("db.dump")).hasContent("dump\n");
        assertThat(awaitFinished(launcher.launch(job.id(), RunTrigger.MANUAL, "bob")
                                .id())
                        .status())
                .isEqualTo(RunStatus.SUCCEEDED);
    }

    private Run latestOf(SyncJob job) {
        return runs.findAll().stream()
                .filter(run -> run.jobId().equals(job.id()))
                .max(Comparator.comparing(Run::id))
                .orElseThrow();
    }

    private Run awaitFinished(long runId) {
        await().atMost(Duration.ofSeconds(30))
                .until(() -> !history.find(runId).orElseThrow().isActive());
        return history.find(runId).orElseThrow();
    }
}
