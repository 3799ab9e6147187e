package app.syncboard.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import app.syncboard.SyncboardTest;
import app.syncboard.TestPairs;
import app.syncboard.hosts.Pair;
import app.syncboard.runs.RunHistory;
import app.syncboard.runs.RunTrigger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.time.zone.ZoneOffsetTransition;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.quartz.CronTrigger;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.SimpleTrigger;
import org.quartz.Trigger;
import org.quartz.TriggerKey;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The triggers stored for a job whose time of day falls in Berlin's missing hour on the night clocks go forward: the
 * cron trigger, which skips that night, and a one-shot trigger for the run it skips.
 */
@SyncboardTest
class JobSchedulesIT {

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    @Autowired
    Scheduler scheduler;

    @Autowired
    JobCatalog catalog;

    @Autowired
    JobSchedules schedules;

    @Autowired
    SyncJobs jobs;

    @Autowired
    TestPairs testPairs;

    @Autowired
    RunHistory history;

    @Autowired
    Clock clock;

    @Autowired
    ConfigurableApplicationContext context;

    @TempDir
    Path dir;

    Pair pair;

    /** The night Berlin next goes from 02:00 CET to 03:00 CEST (2027-03-28 when this was written). */
    ZoneOffsetTransition springForward;

    @BeforeEach
    void setUp() {
        pair = testPairs.localPair(dir.resolve("a"), dir.resolve("b"));
        springForward = BERLIN.getRules().nextTransition(clock.instant());
        while (!springForward.isGap()) {
            springForward = BERLIN.getRules().nextTransition(springForward.getInstant());
        }
    }

    @Test
    void aJobInTheMissingHourGetsAOneShotTriggerForTheRunTheCronTriggerSkips() throws SchedulerException {
        SyncJob job = create("30 2 * * *");
        // 02:30 CET, which never comes, is run at 03:30 CEST: 01:30 UTC (2027-03-28T01:30:00Z when this was written).
        Instant run = springForward.getInstant().plus(Duration.ofMinutes(30));

        Map<TriggerKey, Trigger> triggers = triggersOf(job);

        Trigger gap = triggers.get(gapKey(job, run));
        assertThat(gap).isInstanceOf(SimpleTrigger.class);
        assertThat(gap.getNextFireTime()).isEqualTo(Date.from(run));
        assertThat(((SimpleTrigger) gap).getRepeatCount()).isZero();
        assertThat(gap.getMisfireInstruction())
                .isEqualTo(SimpleTrigger.MISFIRE_INSTRUCTION_RESCHEDULE_NEXT_WITH_REMAINING_COUNT);
        assertThat(scheduler.getJobDetail(gap.getJobKey()).getJobClass()).isEqualTo(FireSyncJob.class);
        CronTrigger cron = (CronTrigger) triggers.get(cronKey(job));
        assertThat(cron.getJobKey()).isEqualTo(gap.getJobKey());
        assertThat(cron.getFireTimeAfter(Date.from(springForward.getInstant())))
                .as("Quartz's cron trigger skips the night")
                .isEqualTo(Date.from(run.plus(Duration.ofHours(23))));
        assertThat(triggers.keySet())
                .as("one gap trigger per spring-forward night in the next 400 days, besides the cron trigger")
                .containsExactlyInAnyOrderElementsOf(expectedKeys(job));
    }

    @Test
    void aGapTriggerAnnouncesTheJobAsDueAtItsOwnTime() throws Exception {
        Files.createDirectories(dir.resolve("a"));
        Files.createDirectories(dir.resolve("b"));
        SyncJob job = create("30 2 * * *");
        TriggerKey key = gapKey(job, springForward.getInstant().plus(Duration.ofMinutes(30)));
        List<SyncJobDue> announced = new CopyOnWriteArrayList<>();
        ApplicationListener<?> listener = ApplicationListener.forPayload((SyncJobDue due) -> {
            if (due.jobId() == job.id()) {
                announced.add(due);
            }
        });
        context.addApplicationListener(listener);
        try {
            // The stored trigger as it is, only due a second from now instead of next spring.
            Instant soon = clock.instant().plusSeconds(1).truncatedTo(ChronoUnit.SECONDS);
            scheduler.rescheduleJob(
                    key,
                    scheduler
                            .getTrigger(key)
                            .getTriggerBuilder()
                            .startAt(Date.from(soon))
                            .build());

            await().atMost(Duration.ofSeconds(20)).until(() -> !announced.isEmpty());
            assertThat(announced).containsExactly(new SyncJobDue(job.id(), soon));
            // The run it starts copies within the temporary directory: done before that goes.
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> history.countOfJob(job.id()) == 1
                            && history.activeOfJob(job.id()).isEmpty());
            assertThat(history.pageOfJob(job.id(), null))
                    .singleElement()
                    .satisfies(run -> assertThat(run.trigger()).isEqualTo(RunTrigger.SCHEDULE));
        } finally {
            context.removeApplicationListener(listener);
            catalog.pause(jobs.findById(job.id()).orElseThrow(), "test over");
        }
    }

    @Test
    void applyingAgainKeepsTheTriggersAndRenewingPutsBackAMissingOne() throws SchedulerException {
        SyncJob job = create("30 2 * * *");
        Instant run = springForward.getInstant().plus(Duration.ofMinutes(30));
        Map<TriggerKey, Date> before = startTimes(job);

        schedules.apply(job);
        schedules.reconcile();
        assertThat(startTimes(job)).isEqualTo(before);

        scheduler.unscheduleJob(gapKey(job, run));
        schedules.renew();

        assertThat(startTimes(job)).isEqualTo(before);
        assertThat(scheduler.getTrigger(gapKey(job, run)).getNextFireTime()).isEqualTo(Date.from(run));
    }

    @Test
    void pausingOrDeletingTheJobRemovesItsGapTriggers() throws SchedulerException {
        SyncJob job = create("30 2 * * *");
        Instant run = springForward.getInstant().plus(Duration.ofMinutes(30));

        SyncJob paused = catalog.pause(job, "test");
        assertThat(scheduler.checkExists(gapKey(job, run))).isFalse();
        assertThat(scheduler.checkExists(cronKey(job))).isFalse();

        SyncJob resumed = catalog.resume(paused);
        assertThat(scheduler.checkExists(gapKey(job, run))).isTrue();

        catalog.delete(resumed);
        assertThat(scheduler.checkExists(gapKey(job, run))).isFalse();
        assertThat(scheduler.checkExists(JobKey.jobKey(job.id().toString(), "sync-jobs")))
                .isFalse();
    }

    @Test
    void aScheduleMovedOutOfTheMissingHourLosesItsGapTrigger() throws SchedulerException {
        SyncJob job = create("30 2 * * *");
        Instant run = springForward.getInstant().plus(Duration.ofMinutes(30));

        catalog.update(job, definition(job.name(), "0 3 * * *"));

        Map<TriggerKey, Trigger> triggers = triggersOf(job);
        assertThat(triggers).containsOnlyKeys(cronKey(job));
        assertThat(((CronTrigger) triggers.get(cronKey(job))).getCronExpression())
                .isEqualTo(CronSchedule.parse("0 3 * * *", "UTC").quartzExpression());
        assertThat(scheduler.checkExists(gapKey(job, run))).isFalse();
    }

    @Test
    void aJobAtThreeGetsNoGapTrigger() throws SchedulerException {
        SyncJob job = create("0 3 * * *");

        assertThat(triggersOf(job)).containsOnlyKeys(cronKey(job));
    }

    @Test
    void aScheduleWhoseOnlyRunIsInTheMissingHourHasOnlyItsGapTrigger() throws SchedulerException {
        LocalDateTime night = springForward.getDateTimeBefore();
        String once = "0 30 2 " + night.getDayOfMonth() + " " + night.getMonthValue() + " ? " + night.getYear();
        SyncJob job = create(once);

        assertThat(triggersOf(job))
                .containsOnlyKeys(gapKey(job, springForward.getInstant().plus(Duration.ofMinutes(30))));
    }

    private SyncJob create(String expression) {
        return catalog.create(definition("dst-" + UUID.randomUUID(), expression));
    }

    private JobDefinition definition(String name, String expression) {
        return new JobDefinition(
                name, pair.id(), List.of("/"), List.of(), false, CronSchedule.parse(expression, "Europe/Berlin"), true);
    }

    private Map<TriggerKey, Trigger> triggersOf(SyncJob job) throws SchedulerException {
        return scheduler.getTriggersOfJob(JobKey.jobKey(job.id().toString(), "sync-jobs")).stream()
                .collect(Collectors.toMap(Trigger::getKey, trigger -> trigger));
    }

    /** Trigger start times, which Quartz keeps unless a trigger is replaced. */
    private Map<TriggerKey, Date> startTimes(SyncJob job) throws SchedulerException {
        return triggersOf(job).values().stream().collect(Collectors.toMap(Trigger::getKey, Trigger::getStartTime));
    }

    /** For a job at 02:30: the cron trigger's key and a gap trigger's for each spring-forward in the next 400 days. */
    private List<TriggerKey> expectedKeys(SyncJob job) {
        Instant horizon = clock.instant().plus(Duration.ofDays(400));
        List<TriggerKey> keys = new ArrayList<>(List.of(cronKey(job)));
        for (ZoneOffsetTransition t = springForward;
                !t.getInstant().plus(Duration.ofMinutes(30)).isAfter(horizon);
                t = BERLIN.getRules().nextTransition(t.getInstant())) {
            if (t.isGap()) {
                keys.add(gapKey(job, t.getInstant().plus(Duration.ofMinutes(30))));
            }
        }
        return keys;
    }

    private static TriggerKey cronKey(SyncJob job) {
        return TriggerKey.triggerKey(job.id().toString(), "sync-jobs");
    }

    private static TriggerKey gapKey(SyncJob job, Instant run) {
        return TriggerKey.triggerKey(job.id() + "-" + run.getEpochSecond(), "sync-jobs-dst");
    }
}
