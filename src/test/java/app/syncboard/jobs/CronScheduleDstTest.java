package app.syncboard.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.quartz.JobKey;
import org.quartz.SimpleTrigger;
import org.quartz.Trigger;
import org.quartz.TriggerKey;
import org.quartz.TriggerUtils;
import org.quartz.spi.OperableTrigger;

/**
 * Schedules across the two daylight-saving nights of 2026 in Europe/Berlin: on 29 March clocks go from 02:00 CET
 * (01:00 UTC) to 03:00 CEST, so 02:00-02:59 never happens; on 25 October they go from 03:00 CEST (01:00 UTC) back to
 * 02:00 CET, so 02:00-02:59 happens twice. What users expect is what cron does: a daily job runs exactly once every
 * day, and one set in the missing hour runs right after the jump (here: as many minutes after 03:00 CEST as it was
 * set after 02:00, the way java.time resolves a time in the gap; cron runs it at 03:00, which would do as well).
 */
class CronScheduleDstTest {

    private static final String BERLIN = "Europe/Berlin";
    private static final Instant BEFORE_SPRING_FORWARD = Instant.parse("2026-03-28T12:10:00Z");
    private static final Instant BEFORE_FALL_BACK = Instant.parse("2026-10-24T12:10:00Z");

    @Test
    void aDailyJobInTheMissingHourRunsOnceJustAfterTheJump() {
        assertThat(fireTimes("30 2 * * *", BEFORE_SPRING_FORWARD, 3))
                .containsExactly(
                        berlin("2026-03-29T03:30+02:00"), // 01:30 UTC
                        berlin("2026-03-30T02:30+02:00"),
                        berlin("2026-03-31T02:30+02:00"));
        assertThat(fireTimes("0 2 * * *", BEFORE_SPRING_FORWARD, 2))
                .containsExactly(berlin("2026-03-29T03:00+02:00"), berlin("2026-03-30T02:00+02:00"));
        assertThat(fireTimes("30 2 * * 0", BEFORE_SPRING_FORWARD, 2))
                .containsExactly(berlin("2026-03-29T03:30+02:00"), berlin("2026-04-05T02:30+02:00"));
    }

    @Test
    void theRunOfTheMissingHourIsShownWhenTheJumpHasJustHappened() {
        // 03:10 CEST: the jump was ten minutes ago, the 02:30 run (03:30) is still to come.
        assertThat(fireTimes("30 2 * * *", Instant.parse("2026-03-29T01:10:00Z"), 2))
                .containsExactly(berlin("2026-03-29T03:30+02:00"), berlin("2026-03-30T02:30+02:00"));
        assertThat(fireTimes("30 2 * * *", Instant.parse("2026-03-29T01:30:00Z"), 1))
                .containsExactly(berlin("2026-03-30T02:30+02:00"));
    }

    @Test
    void aQuartzScheduleWithSecondsInTheMissingHourKeepsItsSeconds() {
        assertThat(fireTimes("30 15 2 ? * SUN", BEFORE_SPRING_FORWARD, 2))
                .containsExactly(berlin("2026-03-29T03:15:30+02:00"), berlin("2026-04-05T02:15:30+02:00"));
    }

    @Test
    void aYearBoundScheduleWhoseOnlyRunIsInTheMissingHourStillRuns() {
        CronSchedule schedule = CronSchedule.stored("0 30 2 29 3 ? 2026", BERLIN);

        assertThat(schedule.nextFireTimes(BEFORE_SPRING_FORWARD, 2))
                .containsExactly(Instant.parse("2026-03-29T01:30:00Z"));
        assertThat(schedule.cronTriggerFireTimes(BEFORE_SPRING_FORWARD, 1)).isEmpty();
    }

    @Test
    void aDailyJobAtMidnightRunsWhenTheClockJumpsFromMidnightToOne() {
        // Chile moves its clocks at midnight: on 6 September 2026, 00:00 -04:00 becomes 01:00 -03:00.
        CronSchedule schedule = CronSchedule.parse("0 0 * * *", "America/Santiago");

        assertThat(schedule.nextFireTimes(Instant.parse("2026-09-04T12:00:00Z"), 3).stream()
                        .map(time -> time.atZone(schedule.zone()).toOffsetDateTime()))
                .containsExactly(
                        OffsetDateTime.parse("2026-09-05T00:00-04:00"),
                        OffsetDateTime.parse("2026-09-06T01:00-03:00"),
                        OffsetDateTime.parse("2026-09-07T00:00-03:00"));
    }

    @Test
    void aZoneWithoutDaylightSavingHasNoGapFireTimes() {
        CronSchedule schedule = CronSchedule.parse("30 2 * * *", "UTC");

        assertThat(schedule.gapFireTimes(BEFORE_SPRING_FORWARD, BEFORE_SPRING_FORWARD.plus(Duration.ofDays(800))))
                .isEmpty();
    }

    /**
     * Quartz's cron trigger drops the run of any schedule whose time falls in the missing hour, for the day (a weekly
     * Sunday job: for the week); a one-shot trigger of its own runs it. When the first assertion fails, Quartz has
     * changed: gap fire times leave out what the cron trigger fires, so then the second fails too.
     */
    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            30 2 * * *  | 2026-03-30T02:30+02:00 | 2026-03-29T03:30+02:00
            0 2 * * *   | 2026-03-30T02:00+02:00 | 2026-03-29T03:00+02:00
            59 2 * * *  | 2026-03-30T02:59+02:00 | 2026-03-29T03:59+02:00
            30 2 * * 0  | 2026-04-05T02:30+02:00 | 2026-03-29T03:30+02:00
            """)
    void theCronTriggerSkipsTheMissingHourAndAGapTriggerRunsIt(String expression, String cronNext, String gapRun) {
        CronSchedule schedule = CronSchedule.parse(expression, BERLIN);
        JobKey job = JobKey.jobKey("7", "sync-jobs");

        OperableTrigger cron = (OperableTrigger) JobSchedules.cronTrigger(job, schedule, BEFORE_SPRING_FORWARD);
        List<SimpleTrigger> gaps = JobSchedules.gapTriggers(job, schedule, BEFORE_SPRING_FORWARD);

        assertThat(TriggerUtils.computeFireTimes(cron, null, 1))
                .extracting(Date::toInstant)
                .containsExactly(berlin(cronNext).toInstant());
        Instant gapTime = berlin(gapRun).toInstant();
        // The next one is a year later: gap triggers are made for the next 400 days.
        assertThat(gaps).hasSize(2).first().satisfies(gap -> {
            assertThat(gap.getStartTime().toInstant()).isEqualTo(gapTime);
            assertThat(gap.getRepeatCount()).isZero();
            assertThat(gap.getJobKey()).isEqualTo(job);
            assertThat(gap.getKey()).isEqualTo(TriggerKey.triggerKey("7-" + gapTime.getEpochSecond(), "sync-jobs-dst"));
        });
    }

    @Test
    void aGapTriggerLaterThanTheMisfireThresholdIsSkippedLikeTheCronTriggersRuns() {
        CronSchedule schedule = CronSchedule.parse("30 2 * * *", BERLIN);
        OperableTrigger gap = (OperableTrigger)
                JobSchedules.gapTriggers(JobKey.jobKey("7", "sync-jobs"), schedule, BEFORE_SPRING_FORWARD)
                        .get(0);
        gap.computeFirstFireTime(null);

        gap.updateAfterMisfire(null);

        assertThat(gap.getNextFireTime()).isNull();
    }

    @Test
    void noGapTriggerForAScheduleThatTheCronTriggerRunsRightAfterTheJump() {
        // 02:00 and 02:30 land on 03:00 and 03:30, which the cron trigger fires anyway.
        for (String expression : List.of("0 3 * * *", "0 * * * *", "*/30 * * * *", "0 */20 * * * ?", "* * * * * ?")) {
            CronSchedule schedule = CronSchedule.parse(expression, BERLIN);

            assertThat(JobSchedules.gapTriggers(JobKey.jobKey("7", "sync-jobs"), schedule, BEFORE_SPRING_FORWARD))
                    .as(expression)
                    .isEmpty();
        }
    }

    @Test
    void aDailyJobInTheRepeatedHourRunsOnce() {
        // Quartz takes the second 02:30, in CET (01:30 UTC); cron would take the first, in CEST. Either runs once.
        assertThat(fireTimes("30 2 * * *", BEFORE_FALL_BACK, 3))
                .containsExactly(
                        berlin("2026-10-25T02:30+01:00"),
                        berlin("2026-10-26T02:30+01:00"),
                        berlin("2026-10-27T02:30+01:00"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            2026-10-24T23:00:00Z
            2026-10-25T00:10:00Z
            2026-10-25T00:30:00Z
            2026-10-25T01:10:00Z
            """)
    void aDailyJobInTheRepeatedHourRunsOnceWheneverItsTriggerIsSetUp(Instant after) {
        // A trigger made during the night (app started, job saved) must not add a run at the first 02:30.
        List<ZonedDateTime> runsThatDay = fireTimes("30 2 * * *", after, 2).stream()
                .filter(time -> time.toLocalDate().toString().equals("2026-10-25"))
                .toList();

        assertThat(runsThatDay).isSubsetOf(berlin("2026-10-25T02:30+01:00"));
    }

    @Test
    void aDailyJobAtThreeRunsOnceOnBothNights() {
        assertThat(fireTimes("0 3 * * *", BEFORE_SPRING_FORWARD, 2))
                .containsExactly(berlin("2026-03-29T03:00+02:00"), berlin("2026-03-30T03:00+02:00"));
        assertThat(fireTimes("0 3 * * *", BEFORE_FALL_BACK, 2))
                .containsExactly(berlin("2026-10-25T03:00+01:00"), berlin("2026-10-26T03:00+01:00"));
    }

    @Test
    void anHourlyJobRunsEveryRealHourWhenTheClockJumpsForward() {
        assertThat(fireTimes("0 * * * *", Instant.parse("2026-03-28T23:30:00Z"), 4))
                .extracting(ZonedDateTime::toInstant)
                .containsExactly(
                        Instant.parse("2026-03-29T00:00:00Z"), // 01:00 CET
                        Instant.parse("2026-03-29T01:00:00Z"), // 03:00 CEST
                        Instant.parse("2026-03-29T02:00:00Z"),
                        Instant.parse("2026-03-29T03:00:00Z"));
    }

    @Test
    void anHourlyJobRunsOncePerWallClockHourWhenTheClockFallsBack() {
        // The first 02:00 (CEST, 00:00 UTC) gets no run: two real hours pass between 01:00 CEST and 02:00 CET, the
        // hour the clock gives back. cron would run in both 02:00s; once per hour on the clock is accepted here.
        assertThat(fireTimes("0 * * * *", Instant.parse("2026-10-24T22:30:00Z"), 4))
                .containsExactly(
                        berlin("2026-10-25T01:00+02:00"),
                        berlin("2026-10-25T02:00+01:00"),
                        berlin("2026-10-25T03:00+01:00"),
                        berlin("2026-10-25T04:00+01:00"));
    }

    @Test
    void everyHalfHourKeepsItsPaceAcrossTheJumpForward() {
        assertThat(fireTimes("*/30 * * * *", Instant.parse("2026-03-29T00:00:00Z"), 4))
                .containsExactly(
                        berlin("2026-03-29T01:30+01:00"),
                        berlin("2026-03-29T03:00+02:00"),
                        berlin("2026-03-29T03:30+02:00"),
                        berlin("2026-03-29T04:00+02:00"));
    }

    @Test
    void everyHalfHourRunsOncePerWallClockTimeWhenTheClockFallsBack() {
        // As hourly: 02:00 and 02:30 run once, in CET; 90 real minutes pass after 01:30 CEST.
        assertThat(fireTimes("*/30 * * * *", Instant.parse("2026-10-24T23:00:00Z"), 4))
                .containsExactly(
                        berlin("2026-10-25T01:30+02:00"),
                        berlin("2026-10-25T02:00+01:00"),
                        berlin("2026-10-25T02:30+01:00"),
                        berlin("2026-10-25T03:00+01:00"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            30 2 * * *   | 2026-03-27T12:10:00Z
            30 2 * * *   | 2026-10-23T12:10:00Z
            0 3 * * *    | 2026-03-27T12:10:00Z
            0 3 * * *    | 2026-10-23T12:10:00Z
            0 * * * *    | 2026-03-28T23:10:00Z
            0 * * * *    | 2026-10-24T22:10:00Z
            */30 * * * * | 2026-03-29T00:10:00Z
            */30 * * * * | 2026-10-24T23:10:00Z
            """)
    void theFiveFireTimesShownAcrossEitherNightAreDistinctAndInOrder(String expression, Instant after) {
        List<Instant> shown = CronSchedule.parse(expression, BERLIN).nextFireTimes(after, 5);

        assertThat(shown).hasSize(5).doesNotHaveDuplicates().isSorted();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            30 2 * * *   | 2026-03-27T12:10:00Z
            30 2 * * *   | 2026-10-23T12:10:00Z
            0 3 * * *    | 2026-03-27T12:10:00Z
            0 3 * * *    | 2026-10-23T12:10:00Z
            30 2 * * 0   | 2026-03-27T12:10:00Z
            30 2 * * 0   | 2026-03-29T01:10:00Z
            30 15 2 * * ? | 2026-03-27T12:10:00Z
            0 * * * *    | 2026-03-28T22:10:00Z
            0 * * * *    | 2026-10-24T21:10:00Z
            */30 * * * * | 2026-03-28T23:10:00Z
            */30 * * * * | 2026-10-24T22:10:00Z
            """)
    void thePreviewShowsWhatTheRealQuartzTriggersFire(String expression, Instant after) {
        CronSchedule schedule = CronSchedule.parse(expression, BERLIN);
        JobKey job = JobKey.jobKey("7", "sync-jobs");
        List<Trigger> triggers = new ArrayList<>(JobSchedules.gapTriggers(job, schedule, after));
        triggers.add(JobSchedules.cronTrigger(job, schedule, after));

        // computeFireTimes steps each trigger as the scheduler does when it fires.
        List<Instant> fired = triggers.stream()
                .flatMap(trigger -> TriggerUtils.computeFireTimes((OperableTrigger) trigger, null, 8).stream())
                .map(Date::toInstant)
                .sorted()
                .limit(8)
                .toList();

        assertThat(schedule.nextFireTimes(after, 8)).containsExactlyElementsOf(fired);
    }

    private static List<ZonedDateTime> fireTimes(String expression, Instant after, int count) {
        CronSchedule schedule = CronSchedule.parse(expression, BERLIN);
        return schedule.nextFireTimes(after, count).stream()
                .map(time -> time.atZone(schedule.zone()))
                .toList();
    }

    private static ZonedDateTime berlin(String offsetDateTime) {
        return ZonedDateTime.parse(offsetDateTime + "[" + BERLIN + "]");
    }
}
