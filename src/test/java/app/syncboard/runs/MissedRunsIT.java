package app.syncboard.runs;

import static app.syncboard.TestUsers.user;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import app.syncboard.SyncboardTest;
import app.syncboard.TestPairs;
import app.syncboard.hosts.Pair;
import app.syncboard.jobs.CronSchedule;
import app.syncboard.jobs.JobCatalog;
import app.syncboard.jobs.JobDefinition;
import app.syncboard.jobs.MissedRuns;
import app.syncboard.jobs.SyncJob;
import app.syncboard.jobs.SyncJobDue;
import app.syncboard.jobs.SyncJobs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;

/**
 * "syncboard was down" is simulated by moving a job's {@code schedule_seen_at} into the past: the fire times after
 * it were never accounted for, as after a stop. The schedules fire daily 12 hours away from now, so Quartz itself
 * stays out of these tests unless a test wants it.
 */
@SyncboardTest
class MissedRunsIT {

    private static final DateTimeFormatter MINUTE =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneOffset.UTC);

    @Autowired
    MissedRunsWatch watch;

    @Autowired
    Runs runs;

    @Autowired
    RunHistory history;

    @Autowired
    SyncJobs jobs;

    @Autowired
    JobCatalog catalog;

    @Autowired
    TestPairs testPairs;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    ApplicationEventPublisher events;

    @Autowired
    MockMvc mvc;

    @TempDir
    Path dir;

    Path primary;
    Path standby;

    @BeforeEach
    void directories() throws IOException {
        primary = Files.createDirectories(dir.resolve("primary"));
        standby = Files.createDirectories(dir.resolve("standby"));
        Files.writeString(primary.resolve("mail.db"), "mail\n");
    }

    @Test
    void skipRecordsEachMissedFireTimeAndRunsNothing() {
        SyncJob job = dailyJob(testPairs.localPair(primary, standby), MissedRuns.SKIP);
        Instant down = Instant.now().minus(Duration.ofDays(3));
        List<Instant> fireTimes = job.cronSchedule().nextFireTimes(down, 3);
        wasDownSince(job, down);

        watch.check();

        List<Run> missed = runsOf(job);
        assertThat(missed).hasSize(3).allSatisfy(run -> {
            assertThat(run.status()).isEqualTo(RunStatus.MISSED);
            assertThat(run.trigger()).isEqualTo(RunTrigger.SCHEDULE);
            assertThat(run.startedAt()).isNull();
        });
        assertThat(missed).extracting(Run::queuedAt).containsExactlyElementsOf(fireTimes);
        assertThat(missed)
                .extracting(Run::message)
                .containsExactlyElementsOf(fireTimes.stream()
                        .map(time -> "Missed: syncboard was not running at " + MINUTE.format(time) + " (UTC).")
                        .toList());
        assertThat(seenAt(job)).isEqualTo(fireTimes.get(2));
        assertThat(standby).isEmptyDirectory();

        // Accounted for: the next check finds nothing new.
        watch.check();
        assertThat(runsOf(job)).hasSize(3);
    }

    @Test
    void runOnceRecordsTheMissedFireTimesThenRunsOnceAndCopies() {
        SyncJob job = dailyJob(testPairs.localPair(primary, standby), MissedRuns.RUN_ONCE);
        wasDownSince(job, Instant.now().minus(Duration.ofDays(3)));

        watch.check();

        List<Run> all = runsOf(job);
        assertThat(all).hasSize(4);
        assertThat(all.subList(0, 3)).allSatisfy(run -> assertThat(run.status()).isEqualTo(RunStatus.MISSED));
        Run catchUp = awaitFinished(all.get(3).id());
        assertThat(catchUp.trigger()).isEqualTo(RunTrigger.CATCH_UP);
        assertThat(catchUp.triggerText()).isEqualTo("catch-up of missed runs");
        assertThat(catchUp.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(standby.resolve("mail.db")).hasContent("mail\n");

        // One catch-up for the lot, not one per check.
        watch.check();
        assertThat(runsOf(job)).hasSize(4);
    }

    @Test
    void aLongBreakIsRecordedAsAHundredFireTimesAndOneSummary() {
        SyncJob job = dailyJob(testPairs.localPair(primary, standby), MissedRuns.SKIP);
        wasDownSince(job, Instant.now().minus(Duration.ofDays(250)));

        watch.check();

        List<Run> missed = runsOf(job);
        assertThat(missed)
                .hasSize(FireTimeLedger.MAX_RECORDED + 1)
                .allSatisfy(run -> assertThat(run.status()).isEqualTo(RunStatus.MISSED));
        Run summary = missed.get(missed.size() - 1);
        assertThat(summary.message())
                .matches("Missed 150 more: syncboard was not running at the fire times from"
                        + " \\d{4}-\\d\\d-\\d\\d \\d\\d:00 to \\d{4}-\\d\\d-\\d\\d \\d\\d:00 \\(UTC\\)\\.");
        assertThat(summary.queuedAt())
                .isAfter(missed.get(FireTimeLedger.MAX_RECORDED - 1).queuedAt());
        assertThat(summary.finishedAt()).isEqualTo(seenAt(job));
    }

    @Test
    void aFireTimeRecordedAsMissedIsNotRunWhenQuartzFiresItLate() {
        SyncJob job = dailyJob(testPairs.localPair(primary, standby), MissedRuns.SKIP);
        Instant down = Instant.now().minus(Duration.ofDays(3));
        List<Instant> fireTimes = job.cronSchedule().nextFireTimes(down, 3);
        wasDownSince(job, down);
        watch.check();

        events.publishEvent(new SyncJobDue(job.id(), fireTimes.get(1)));
        events.publishEvent(new SyncJobDue(job.id(), fireTimes.get(2)));

        assertThat(runsOf(job))
                .hasSize(3)
                .allSatisfy(run -> assertThat(run.status()).isEqualTo(RunStatus.MISSED));
        assertThat(standby).isEmptyDirectory();
    }

    @Test
    void whenQuartzFiresFirstTheFireTimesItSkippedAreRecordedAndItsOwnRuns() {
        SyncJob job = dailyJob(testPairs.localPair(primary, standby), MissedRuns.SKIP);
        Instant down = Instant.now().minus(Duration.ofDays(3));
        List<Instant> skipped = job.cronSchedule().nextFireTimes(down, 3);
        wasDownSince(job, down);
        Instant firedNow = Instant.now().truncatedTo(ChronoUnit.SECONDS);

        events.publishEvent(new SyncJobDue(job.id(), firedNow));

        List<Run> all = runsOf(job);
        assertThat(all).hasSize(4);
        assertThat(all.subList(0, 3)).extracting(Run::queuedAt).containsExactlyElementsOf(skipped);
        Run scheduled = awaitFinished(all.get(3).id());
        assertThat(scheduled.trigger()).isEqualTo(RunTrigger.SCHEDULE);
        assertThat(scheduled.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(seenAt(job)).isEqualTo(firedNow);

        watch.check();
        assertThat(runsOf(job)).hasSize(4);
    }

    @Test
    void aFireTimeQuartzFiredIsNotRecordedAsMissed() {
        Pair pair = testPairs.localPair(primary, standby);
        // Quartz's form with seconds: it fires every second, so the test waits a second, not a minute.
        SyncJob job = catalog.create(new JobDefinition(
                        "every-second-" + UUID.randomUUID(),
                        pair.id(),
                        List.of("/"),
                        List.of(),
                        false,
                        CronSchedule.parse("* * * * * ?", "UTC"),
                        true)
                .withMissedRuns(MissedRuns.RUN_ONCE));
        Instant created = seenAt(job);
        try {
            // Quartz may first fire the second the job was created in, before its scheduleSeenAt: that one runs
            // without moving the mark, the next ones move it.
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> seenAt(job).isAfter(created)
                            && runsOf(job).stream()
                                    .anyMatch(run -> run.trigger() == RunTrigger.SCHEDULE
                                            && run.status() == RunStatus.SUCCEEDED));
            assertThat(seenAt(job).getNano()).as("a fire time, on the second").isZero();

            watch.check();
        } finally {
            catalog.pause(jobs.findById(job.id()).orElseThrow(), "test over");
        }
        assertThat(runsOf(job))
                .noneMatch(run -> run.status() == RunStatus.MISSED)
                .noneMatch(run -> run.trigger() == RunTrigger.CATCH_UP);
    }

    @Test
    void onAPausedPairTheMissedFireTimesAreRecordedAndTheCatchUpIsSkippedWithTheReason() throws Exception {
        Pair pair = testPairs.localPair(primary, standby);
        SyncJob job = dailyJob(pair, MissedRuns.RUN_ONCE);
        mvc.perform(post("/pairs/{id}/pause", pair.id())
                .param("reason", "failover under way")
                .with(user("alice"))
                .with(csrf()));
        wasDownSince(job, Instant.now().minus(Duration.ofDays(3)));

        watch.check();

        List<Run> all = runsOf(job);
        assertThat(all)
                .extracting(Run::status)
                .containsExactly(RunStatus.MISSED, RunStatus.MISSED, RunStatus.MISSED, RunStatus.SKIPPED);
        assertThat(all.get(3).trigger()).isEqualTo(RunTrigger.CATCH_UP);
        assertThat(all.get(3).message())
                .isEqualTo("The pair " + pair.name() + " is paused: failover under way (paused by alice)");
        assertThat(standby).isEmptyDirectory();
    }

    /** Daily at an hour 12 hours away from now (UTC): no fire time near the start or the end of a test. */
    private SyncJob dailyJob(Pair pair, MissedRuns policy) {
        int hour = (Instant.now().atZone(ZoneOffset.UTC).getHour() + 12) % 24;
        return catalog.create(new JobDefinition(
                        "nightly-" + UUID.randomUUID(),
                        pair.id(),
                        List.of("/"),
                        List.of(),
                        false,
                        CronSchedule.parse("0 " + hour + " * * *", "UTC"),
                        true)
                .withMissedRuns(policy));
    }

    private void wasDownSince(SyncJob job, Instant since) {
        jdbc.sql("UPDATE sync_job SET schedule_seen_at = ? WHERE id = ?")
                .params(Timestamp.from(since), job.id())
                .update();
    }

    private Instant seenAt(SyncJob job) {
        return jobs.findById(job.id()).orElseThrow().scheduleSeenAt();
    }

    private List<Run> runsOf(SyncJob job) {
        return runs.findAll().stream()
                .filter(run -> run.jobId().equals(job.id()))
                .sorted(Comparator.comparing(Run::id))
                .toList();
    }

    private Run awaitFinished(long runId) {
        await().atMost(Duration.ofSeconds(30))
                .until(() -> !history.find(runId).orElseThrow().isActive());
        return history.find(runId).orElseThrow();
    }
}
