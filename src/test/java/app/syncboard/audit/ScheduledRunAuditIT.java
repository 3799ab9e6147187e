package app.syncboard.audit;

import static app.syncboard.audit.AuditTrail.fromTestAddress;
import static app.syncboard.audit.AuditTrail.newest;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import app.syncboard.TestPairs;
import app.syncboard.audit.AuditEvent.Outcome;
import app.syncboard.audit.AuditTrail.AuditTest;
import app.syncboard.hosts.Pair;
import app.syncboard.jobs.SyncJob;
import app.syncboard.jobs.SyncJobDue;
import app.syncboard.runs.Run;
import app.syncboard.runs.RunHistory;
import app.syncboard.runs.RunStatus;
import app.syncboard.runs.RunTrigger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.test.context.support.WithMockUser;
import org.springframework.test.web.servlet.MockMvc;

/**
 * A run the schedule starts is the scheduler's, never the last editor's: here the schedule fires on a thread where
 * the editor is still signed in, right after the edit, and neither the run nor any entry names her.
 */
@AuditTest
@WithMockUser(username = "alice", roles = "ADMIN")
class ScheduledRunAuditIT {

    @Autowired
    MockMvc mvc;

    @Autowired
    AuditEntries entries;

    @Autowired
    TestPairs testPairs;

    @Autowired
    RunHistory history;

    @Autowired
    ApplicationEventPublisher events;

    @Test
    void aScheduledRunIsTheSchedulersWhoeverEditedTheJobLast(@TempDir Path dir) throws Exception {
        Path primary = Files.createDirectories(dir.resolve("primary/data"));
        Files.writeString(primary.resolve("file"), "x\n");
        Pair pair = testPairs.localPair(primary.getParent(), Files.createDirectories(dir.resolve("standby")));
        SyncJob job = testPairs.job(pair, List.of("/data/"));
        mvc.perform(post("/jobs/{id}/edit", job.id())
                        .with(csrf())
                        .with(fromTestAddress())
                        .param("name", job.name())
                        .param("pairId", pair.id().toString())
                        .param("paths", "/data/")
                        .param("schedule", "0 5 1 1 *")
                        .param("timeZone", "UTC")
                        .param("enabled", "true"))
                .andExpect(status().is3xxRedirection());
        assertThat(newest(entries, "job.update", job.id()).actor()).isEqualTo("alice");

        events.publishEvent(new SyncJobDue(job.id(), Instant.now()));

        Run run = history.pageOfJob(job.id(), null).get(0);
        assertThat(run.trigger()).isEqualTo(RunTrigger.SCHEDULE);
        assertThat(run.triggeredBy()).isEqualTo("schedule");
        AuditEntry scheduled = newest(entries, "run.schedule", job.id());
        assertThat(scheduled.actor()).isEqualTo(AuditEvent.SCHEDULER);
        assertThat(scheduled.address()).isNull();
        assertThat(scheduled.targetType()).isEqualTo("job");
        assertThat(scheduled.targetName()).isEqualTo(job.name());
        assertThat(scheduled.outcome()).isEqualTo(Outcome.SUCCESS);
        assertThat(scheduled.details()).isEqualTo("run #" + run.id());
        assertThat(AuditTrail.everything(entries))
                .as("no entry of alice's names the scheduled run")
                .noneMatch(entry -> entry.contains("actor=alice") && entry.contains("run #" + run.id()));
        await().atMost(Duration.ofSeconds(30))
                .until(() -> !history.find(run.id()).orElseThrow().isActive());

        mvc.perform(post("/pairs/{id}/pause", pair.id()).with(csrf()).param("reason", "maintenance"))
                .andExpect(status().is3xxRedirection());
        events.publishEvent(new SyncJobDue(job.id(), Instant.now().plusSeconds(1)));

        Run skipped = history.pageOfJob(job.id(), null).get(0);
        assertThat(skipped.status()).isEqualTo(RunStatus.SKIPPED);
        AuditEntry refused = newest(entries, "run.schedule", job.id());
        assertThat(refused.actor()).isEqualTo(AuditEvent.SCHEDULER);
        assertThat(refused.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(refused.reason())
                .isEqualTo("Not started: The pair " + pair.name() + " is paused: maintenance (paused by alice)");
        assertThat(refused.details()).isEqualTo("run #" + skipped.id());
    }
}
