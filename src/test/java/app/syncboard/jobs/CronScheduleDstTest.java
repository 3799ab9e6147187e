package app.syncboard.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.Date;
import java.util.List;
import java.util.TimeZone;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.quartz.CronScheduleBuilder;
import org.quartz.TriggerBuilder;
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
    @Disabled("Quartz 2.5.2 skips it: its CronExpression, which the real CronTrigger uses too, finds no 02:30 on"
            + " 2026-03-29 and moves on to 2026-03-30 (see quartzLosesTheRunOfADailyJobInTheMissingHour)")
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

    /**
     * A known defect pinned down, not the behaviour wanted (that is the disabled test above): Quartz drops the run of
     * any schedule whose time falls in the missing hour, for the day (a weekly Sunday job: for the week). When this
     * fails, Quartz has changed: enable the test above instead.
     */
    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            30 2 * * *  | 2026-03-30T02:30+02:00
            0 2 * * *   | 2026-03-30T02:00+02:00
            59 2 * * *  | 2026-03-30T02:59+02:00
            30 2 * * 0  | 2026-04-05T02:30+02:00
            """)
    void quartzLosesTheRunOfADailyJobInTheMissingHour(String expression, String quartzNext) {
        assertThat(fireTimes(expression, BEFORE_SPRING_FORWARD, 1)).containsExactly(berlin(quartzNext));
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
            0 * * * *    | 2026-03-28T22:10:00Z
            0 * * * *    | 2026-10-24T21:10:00Z
            */30 * * * * | 2026-03-28T23:10:00Z
            */30 * * * * | 2026-10-24T22:10:00Z
            """)
    void thePreviewShowsWhatTheRealQuartzTriggerFires(String expression, Instant after) {
        CronSchedule schedule = CronSchedule.parse(expression, BERLIN);
        // Built as JobSchedules builds it; computeFireTimes steps it as the scheduler does when it fires.
        OperableTrigger trigger = (OperableTrigger) TriggerBuilder.newTrigger()
                .startAt(Date.from(after))
                .withSchedule(CronScheduleBuilder.cronSchedule(schedule.quartzExpression())
                        .inTimeZone(TimeZone.getTimeZone(schedule.zone()))
                        .withMisfireHandlingInstructionDoNothing())
                .build();

        List<Instant> fired = TriggerUtils.computeFireTimes(trigger, null, 8).stream()
                .map(Date::toInstant)
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
