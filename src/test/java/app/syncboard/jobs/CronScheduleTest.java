package app.syncboard.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CronScheduleTest {

    private static final Instant SATURDAY_NOON = Instant.parse("2026-11-21T12:00:00Z");

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            30 4 * * *      | 2026-11-22T04:30Z | 2026-11-23T04:30Z
            */15 * * * *    | 2026-11-21T12:15Z | 2026-11-21T12:30Z
            0 2 * * 1-5     | 2026-11-23T02:00Z | 2026-11-24T02:00Z
            0 2 * * 0       | 2026-11-22T02:00Z | 2026-11-29T02:00Z
            0 2 * * 7       | 2026-11-22T02:00Z | 2026-11-29T02:00Z
            0 2 * * 6,0     | 2026-11-22T02:00Z | 2026-11-28T02:00Z
            0 0 1 * *       | 2026-12-01T00:00Z | 2027-01-01T00:00Z
            0 2 * * 0-7     | 2026-11-22T02:00Z | 2026-11-23T02:00Z
            0 2 * * 5-7     | 2026-11-22T02:00Z | 2026-11-27T02:00Z
            0 2 * * sun-sat | 2026-11-22T02:00Z | 2026-11-23T02:00Z
            0 2 * * MON-FRI | 2026-11-23T02:00Z | 2026-11-24T02:00Z
            0 2 * * SAT,SUN | 2026-11-22T02:00Z | 2026-11-28T02:00Z
            @daily          | 2026-11-22T00:00Z | 2026-11-23T00:00Z
            @hourly         | 2026-11-21T13:00Z | 2026-11-21T14:00Z
            @weekly         | 2026-11-22T00:00Z | 2026-11-29T00:00Z
            0 30 4 ? * MON  | 2026-11-23T04:30Z | 2026-11-30T04:30Z
            """)
    void crontabNicknamesAndQuartzFormsFireWhenCronWould(String expression, String first, String second) {
        CronSchedule schedule = CronSchedule.parse(expression, "UTC");

        assertThat(schedule.nextFireTimes(SATURDAY_NOON, 2))
                .containsExactly(
                        ZonedDateTime.parse(first.strip()).toInstant(),
                        ZonedDateTime.parse(second.strip()).toInstant());
    }

    @Test
    void scheduleIsReadInItsTimeZone() {
        CronSchedule berlin = CronSchedule.parse("30 4 * * *", "Europe/Berlin");

        assertThat(berlin.zone()).isEqualTo(ZoneId.of("Europe/Berlin"));
        assertThat(berlin.nextFireTimes(SATURDAY_NOON, 1)).containsExactly(Instant.parse("2026-11-22T03:30:00Z"));
    }

    @Test
    void localTimeIsKeptAcrossTheSpringForwardNight() {
        // 2027-03-28: clocks in Europe/Berlin go from 02:00 CET to 03:00 CEST.
        CronSchedule schedule = CronSchedule.parse("30 1 * * *", "Europe/Berlin");

        List<Instant> times = schedule.nextFireTimes(Instant.parse("2027-03-27T00:00:00Z"), 3);

        assertThat(times)
                .containsExactly(
                        Instant.parse("2027-03-27T00:30:00Z"), // 01:30 CET
                        Instant.parse("2027-03-28T00:30:00Z"), // 01:30 CET, just before the change
                        Instant.parse("2027-03-28T23:30:00Z")); // 01:30 CEST on the 29th
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            61 * * * *      | The minute must be between 0 and 59 (got 61).
            * * *           | A cron expression has 5 fields
            0 0 0 0 0 0 0 0 | A cron expression has 5 fields
            @reboot         | Unknown nickname "@reboot"
            0 0 32 * ? *    | Not a valid Quartz cron expression
            hello world x y z | The minute "hello" is not valid
            """)
    void invalidExpressionsAreRefusedWithAReadableMessage(String expression, String message) {
        assertThatThrownBy(() -> CronSchedule.parse(expression, "UTC"))
                .isInstanceOf(CronSchedule.InvalidSchedule.class)
                .hasMessageStartingWith(message);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            61 * * * *       | The minute must be between 0 and 59 (got 61).
            0 24 * * *       | The hour must be between 0 and 23 (got 24).
            0 0 0 * *        | The day of month must be between 1 and 31 (got 0).
            0 0 * 13 *       | The month must be between 1 and 12 or JAN-DEC (got 13).
            0 0 * * 8        | The day of week must be between 0 and 7 (0 and 7 are Sunday) or SUN-SAT (got 8).
            0 0 * * 1-9      | The day of week must be between 0 and 7 (0 and 7 are Sunday) or SUN-SAT (got 9).
            99999999999 * * * * | The minute must be between 0 and 59 (got 99999999999).
            x * * * *        | The minute "x" is not valid: use numbers, ranges (1-5), lists (1,3), steps (*/15) or *.
            5% * * * *       | The minute "5%" is not valid: use numbers, ranges (1-5), lists (1,3), steps (*/15) or *.
            0 0 L * *        | The day of month "L" is not valid: use numbers, ranges (1-5), lists (1,3), steps (*/15) or *.
            0 0 1,,2 * *     | The day of month "1,,2" is not valid: use numbers, ranges (1-5), lists (1,3), steps (*/15) or *.
            0 0 * FOO *      | The month "FOO" is not valid: use numbers, names (JAN-DEC), ranges (1-5), lists (1,3), steps (*/15) or *.
            0 0 * * 5#2      | The day of week "5#2" is not valid: use numbers, names (SUN-SAT), ranges (1-5), lists (1,3), steps (*/15) or *.
            */0 * * * *      | The step (after /) in the minute must be between 1 and 59 (got 0).
            0 */24 * * *     | The step (after /) in the hour must be between 1 and 23 (got 24).
            10-5 * * * *     | Not a valid crontab expression: Invalid range! [10,5]
            """)
    void invalidCrontabFieldsAreNamedInWords(String expression, String message) {
        assertThatThrownBy(() -> CronSchedule.parse(expression, "UTC"))
                .isInstanceOf(CronSchedule.InvalidSchedule.class)
                .hasMessage(message);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            0 0 * jan,Mar *  | 0 0 0 * 1,3 ? *
            0 0 * * MON-FRI  | 0 0 0 ? * 2-6 *
            0 0 * JAN/2 *    | 0 0 0 * 1/2 ? *
            5/15 * * * *     | 0 5/15 * * * ? *
            */59 */23 */31 */12 * | 0 */59 */23 */31 */12 ? *
            0 0 * * */7      | 0 0 0 ? * */7 *
            """)
    void namesRangesAndLargestStepsStillPass(String expression, String quartz) {
        assertThat(CronSchedule.toQuartz(expression)).isEqualTo(quartz);
    }

    @Test
    void dayOfMonthAndDayOfWeekTogetherAreRefusedRatherThanMisread() {
        assertThatThrownBy(() -> CronSchedule.parse("0 4 1 * 1", "UTC"))
                .isInstanceOf(CronSchedule.InvalidSchedule.class)
                .hasMessageStartingWith("Set the day of month or the day of week to *");
    }

    @Test
    void aScheduleThatNeverFiresIsRefused() {
        assertThatThrownBy(() -> CronSchedule.parse("0 0 30 2 *", "UTC"))
                .hasMessage("This schedule never fires (no such date, or only in the past).");
        assertThatThrownBy(() -> CronSchedule.parse("0 0 0 * * ? 2000", "UTC"))
                .hasMessage("This schedule never fires (no such date, or only in the past).");
    }

    @Test
    void zoneNamesAreUnderstoodInAnyCase() {
        assertThat(CronSchedule.parse("@daily", "utc").zone()).isEqualTo(ZoneId.of("UTC"));
        assertThat(CronSchedule.parse("@daily", "europe/berlin").zone()).isEqualTo(ZoneId.of("Europe/Berlin"));
    }

    @Test
    void emptyExpressionAndUnknownZoneAreRefused() {
        assertThatThrownBy(() -> CronSchedule.parse("  ", "UTC"))
                .hasMessage("Enter a cron expression, such as \"30 4 * * *\" or @daily.");
        assertThatThrownBy(() -> CronSchedule.parse("@daily", "Mars/Olympus"))
                .hasMessage("Unknown time zone \"Mars/Olympus\"; use a region name such as Europe/Berlin or UTC.");
    }
}
