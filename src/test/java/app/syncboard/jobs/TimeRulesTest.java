package app.syncboard.jobs;

import static java.time.DayOfWeek.FRIDAY;
import static java.time.DayOfWeek.MONDAY;
import static java.time.DayOfWeek.SATURDAY;
import static java.time.DayOfWeek.SUNDAY;
import static java.time.DayOfWeek.TUESDAY;
import static java.time.DayOfWeek.WEDNESDAY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import app.syncboard.jobs.TimeRules.InvalidTimeRule;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TimeRulesTest {

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private static final Instant SATURDAY_NOON = Instant.parse("2026-11-21T12:00:00Z");

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            04:00-04:59     | 04:00-04:59
            4:00-4:59       | 04:00-04:59
            ' 04:00 - 04:59 ' | 04:00-04:59
            22:00-05:59     | 22:00-05:59
            00:00-23:59     | 00:00-23:59
            04:00-04:00     | 04:00-04:00
            """)
    void startWindowsAreReadAndWrittenInOneForm(String text, String canonical) {
        StartWindow window = StartWindow.parse(text);

        assertThat(window.text()).isEqualTo(canonical);
        assertThat(StartWindow.parse(window.text())).isEqualTo(window);
    }

    @Test
    void aStartWindowHoldsBothEndsToTheWholeMinute() {
        StartWindow window = StartWindow.parse("04:00-04:59");

        assertThat(window.contains(LocalTime.of(3, 59, 59, 999_999_999))).isFalse();
        assertThat(window.contains(LocalTime.of(4, 0))).isTrue();
        assertThat(window.contains(LocalTime.of(4, 30))).isTrue();
        assertThat(window.contains(LocalTime.of(4, 59, 59, 999_999_999))).isTrue();
        assertThat(window.contains(LocalTime.of(5, 0))).isFalse();
    }

    @Test
    void aStartWindowWithTheSameStartAndEndIsThatOneMinute() {
        StartWindow window = StartWindow.parse("04:00-04:00");

        assertThat(window.contains(LocalTime.of(3, 59, 59))).isFalse();
        assertThat(window.contains(LocalTime.of(4, 0))).isTrue();
        assertThat(window.contains(LocalTime.of(4, 0, 59))).isTrue();
        assertThat(window.contains(LocalTime.of(4, 1))).isFalse();
    }

    @Test
    void aStartWindowMayCrossMidnight() {
        StartWindow window = StartWindow.parse("22:00-05:59");

        assertThat(window.contains(LocalTime.of(21, 59, 59))).isFalse();
        assertThat(window.contains(LocalTime.of(22, 0))).isTrue();
        assertThat(window.contains(LocalTime.of(23, 59, 59))).isTrue();
        assertThat(window.contains(LocalTime.MIDNIGHT)).isTrue();
        assertThat(window.contains(LocalTime.of(5, 59, 59))).isTrue();
        assertThat(window.contains(LocalTime.of(6, 0))).isFalse();
        assertThat(window.contains(LocalTime.NOON)).isFalse();
    }

    @Test
    void aWholeDayWindowHoldsEveryTime() {
        StartWindow window = StartWindow.parse("00:00-23:59");

        assertThat(window.contains(LocalTime.MIDNIGHT)).isTrue();
        assertThat(window.contains(LocalTime.MAX)).isTrue();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            25:00-26:00  | "25:00" is not a time of day: use 00:00 to 23:59.
            04:00-24:00  | "24:00" is not a time of day: use 00:00 to 23:59.
            04:60-05:00  | "04:60" is not a time of day: use 00:00 to 23:59.
            04:00 04:59  | Write two times with a dash, such as 04:00-04:59 (got "04:00 04:59").
            04:00        | Write two times with a dash, such as 04:00-04:59 (got "04:00").
            04:00-       | Write two times with a dash, such as 04:00-04:59 (got "04:00-").
            04:00-05:00-06:00 | Write two times with a dash, such as 04:00-04:59 (got "04:00-05:00-06:00").
            0400-0459    | "0400" is not a time: write hours and minutes, such as 04:30.
            4am-5am      | "4am" is not a time: write hours and minutes, such as 04:30.
            04:0-05:00   | "04:0" is not a time: write hours and minutes, such as 04:30.
            ''           | Enter two times with a dash, such as 04:00-04:59.
            """)
    void badStartWindowsAreRefusedWithAReadableMessage(String text, String message) {
        assertThatThrownBy(() -> StartWindow.parse(text))
                .isInstanceOf(InvalidTimeRule.class)
                .hasMessage(message);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            Mon-Fri 08:00-17:59        | Mon-Fri 08:00-17:59
            mon-fri 8:00-17:59         | Mon-Fri 08:00-17:59
            Monday-Friday 08:00-17:59  | Mon-Fri 08:00-17:59
            Sat,Sun 00:00-23:59        | Sat,Sun 00:00-23:59
            ' SUN , sat  00:00 - 23:59 ' | Sat,Sun 00:00-23:59
            Sat-Sun 00:00-23:59        | Sat,Sun 00:00-23:59
            12:00-12:59                | 12:00-12:59
            Mon-Sun 12:00-12:59        | 12:00-12:59
            Sat-Fri 12:00-12:59        | 12:00-12:59
            Fri 22:00-05:59            | Fri 22:00-05:59
            Sat-Mon 01:00-02:00        | Sat-Mon 01:00-02:00
            Sun-Mon 01:00-02:00        | Sun,Mon 01:00-02:00
            Mon,Wed,Fri 01:00-02:00    | Mon,Wed,Fri 01:00-02:00
            Wed,Mon,Tue 01:00-02:00    | Mon-Wed 01:00-02:00
            Wed,Sun,Mon 01:00-02:00    | Sun,Mon,Wed 01:00-02:00
            Fri-Tue 01:00-02:00        | Fri-Tue 01:00-02:00
            Tue-Sun 01:00-02:00        | Tue-Sun 01:00-02:00
            Thursday 01:00-02:00       | Thu 01:00-02:00
            """)
    void blackoutsAreReadAndWrittenInOneForm(String line, String canonical) {
        List<Blackout> blackouts = Blackout.parseLines(line);

        assertThat(blackouts).singleElement().extracting(Blackout::text).isEqualTo(canonical);
        assertThat(Blackout.parseLines(canonical)).isEqualTo(blackouts);
    }

    @Test
    void dayRangesMayWrapPastSunday() {
        assertThat(Blackout.parseLines("Sat-Mon 01:00-02:00").get(0).days()).containsExactly(MONDAY, SATURDAY, SUNDAY);
        assertThat(Blackout.parseLines("Fri-Tue 01:00-02:00").get(0).days())
                .containsExactlyInAnyOrder(FRIDAY, SATURDAY, SUNDAY, MONDAY, TUESDAY);
        assertThat(Blackout.parseLines("Wed-Wed 01:00-02:00").get(0).days()).containsExactly(WEDNESDAY);
        assertThat(Blackout.parseLines("12:00-12:59").get(0).days()).isEqualTo(EnumSet.allOf(DayOfWeek.class));
    }

    @Test
    void oneBlackoutPerLineAndBlankLinesAreSkipped() {
        List<Blackout> blackouts = Blackout.parseLines("Mon-Fri 08:00-17:59\n\n   \r\nSat,Sun 00:00-23:59\r\n");

        assertThat(blackouts)
                .containsExactly(
                        new Blackout(EnumSet.range(MONDAY, FRIDAY), LocalTime.of(8, 0), LocalTime.of(17, 59)),
                        new Blackout(Set.of(SATURDAY, SUNDAY), LocalTime.MIDNIGHT, LocalTime.of(23, 59)));
        assertThat(Blackout.parseLines("")).isEmpty();
        assertThat(Blackout.parseLines(" \n\t\n")).isEmpty();
        assertThat(Blackout.parseLines(null)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            Mox 08:00-09:00                  | Line 1: Unknown day "Mox": use Mon, Tue, Wed, Thu, Fri, Sat or Sun, or ranges such as Mon-Fri.
            Mon-Fri 25:00-26:00              | Line 1: "25:00" is not a time of day: use 00:00 to 23:59.
            Mon-Fri 08:00 17:59              | Line 1: Write two times with a dash, such as 04:00-04:59 (got "08:00 17:59").
            Mon-Fri                          | Line 1: Add the times, such as Mon-Fri 08:00-17:59 (days are optional, times are not).
            Mon,,Fri 08:00-09:00             | Line 1: A day is missing: use Mon, Tue, Wed, Thu, Fri, Sat or Sun, or ranges such as Mon-Fri.
            Mon-Wed-Fri 08:00-09:00          | Line 1: "Mon-Wed-Fri" is not a day or a range of days such as Mon-Fri.
            Mon-Fri 8am-5pm                  | Line 1: "8am" is not a time: write hours and minutes, such as 04:30.
            """)
    void badBlackoutsAreRefusedWithTheirLine(String line, String message) {
        assertThatThrownBy(() -> Blackout.parseLines(line))
                .isInstanceOf(InvalidTimeRule.class)
                .hasMessage(message);
    }

    @Test
    void theLineNumberCountsBlankLines() {
        assertThatThrownBy(() -> Blackout.parseLines("Mon-Fri 08:00-17:59\n\nSat,Sun 00:00-23:59\nMox 01:00-02:00"))
                .isInstanceOf(InvalidTimeRule.class)
                .hasMessageStartingWith("Line 4: Unknown day \"Mox\"");
        assertThatThrownBy(() -> Blackout.parseLines("12:00-12:59\n25:00-26:00"))
                .hasMessage("Line 2: \"25:00\" is not a time of day: use 00:00 to 23:59.");
    }

    @Test
    void aBlackoutHoldsItsDaysFromStartToEndToTheWholeMinute() {
        Blackout office = Blackout.parseLines("Mon-Fri 08:00-17:59").get(0);

        assertThat(office.contains(berlin("2026-11-23T07:59:59"))).isFalse(); // Monday
        assertThat(office.contains(berlin("2026-11-23T08:00:00"))).isTrue();
        assertThat(office.contains(berlin("2026-11-27T17:59:59"))).isTrue(); // Friday
        assertThat(office.contains(berlin("2026-11-27T18:00:00"))).isFalse();
        assertThat(office.contains(berlin("2026-11-28T12:00:00"))).isFalse(); // Saturday
    }

    @Test
    void aBlackoutAcrossMidnightBelongsToTheDayItStarts() {
        Blackout friday = Blackout.parseLines("Fri 22:00-05:59").get(0);

        assertThat(friday.contains(berlin("2026-11-27T21:59:59"))).isFalse(); // Friday
        assertThat(friday.contains(berlin("2026-11-27T22:00:00"))).isTrue();
        assertThat(friday.contains(berlin("2026-11-28T00:00:00"))).isTrue(); // Saturday
        assertThat(friday.contains(berlin("2026-11-28T05:59:59"))).isTrue();
        assertThat(friday.contains(berlin("2026-11-28T06:00:00"))).isFalse();
        assertThat(friday.contains(berlin("2026-11-28T22:30:00"))).isFalse(); // Saturday evening
        assertThat(friday.contains(berlin("2026-11-27T03:00:00"))).isFalse(); // Friday morning: Thursday's
    }

    @Test
    void aWrappingBlackoutAcrossMidnightReachesIntoTheDayAfterItsLastDay() {
        Blackout weekend = Blackout.parseLines("Sat-Sun 20:00-06:59").get(0);

        assertThat(weekend.contains(berlin("2026-11-28T03:00:00"))).isFalse(); // Saturday morning: Friday's
        assertThat(weekend.contains(berlin("2026-11-28T20:00:00"))).isTrue();
        assertThat(weekend.contains(berlin("2026-11-29T03:00:00"))).isTrue(); // Sunday morning: Saturday's
        assertThat(weekend.contains(berlin("2026-11-30T06:59:00"))).isTrue(); // Monday morning: Sunday's
        assertThat(weekend.contains(berlin("2026-11-30T20:00:00"))).isFalse();
    }

    @Test
    void aBlackoutWithoutDaysHoldsEveryDay() {
        Blackout lunch = Blackout.parseLines("12:00-12:59").get(0);

        for (int day = 0; day < 7; day++) {
            ZonedDateTime noon = berlin("2026-11-23T12:30:00").plusDays(day);
            assertThat(lunch.contains(noon)).as("%s", noon.getDayOfWeek()).isTrue();
            assertThat(lunch.contains(noon.plusHours(1))).isFalse();
        }
    }

    @Test
    void aRunMayStartInsideTheWindowAndOutsideEveryBlackout() {
        TimeRules rules = new TimeRules(
                StartWindow.parse("04:00-04:59"), Blackout.parseLines("Sun 04:30-04:59\nMon-Fri 08:00-17:59"));

        assertThat(rules.refusal(berlin("2026-11-23T04:15:00"))).isEmpty(); // Monday
        assertThat(rules.refusal(berlin("2026-11-23T05:00:00")))
                .contains("Outside the start window 04:00-04:59 (Europe/Berlin).");
        assertThat(rules.refusal(berlin("2026-11-29T04:30:00"))) // Sunday
                .contains("In the blackout period Sun 04:30-04:59 (Europe/Berlin).");
        assertThat(new TimeRules(null, Blackout.parseLines("Mon-Fri 8:00-17:59"))
                        .refusal(berlin("2026-11-23T09:00:00")))
                .contains("In the blackout period Mon-Fri 08:00-17:59 (Europe/Berlin).");
        assertThat(new TimeRules(null, List.of()).refusal(berlin("2026-11-23T09:00:00")))
                .isEmpty();
    }

    @Test
    void theRefusalNamesTheZoneOfTheTimeGiven() {
        TimeRules rules = new TimeRules(StartWindow.parse("04:00-04:59"), List.of());

        assertThat(rules.refusal(ZonedDateTime.parse("2026-11-23T12:00:00Z[UTC]")))
                .contains("Outside the start window 04:00-04:59 (UTC).");
    }

    @Test
    void aScheduleThatNeverFiresInTheWindowIsFound() {
        CronSchedule atThree = CronSchedule.parse("0 3 * * *", "Europe/Berlin");
        CronSchedule atFourThirty = CronSchedule.parse("30 4 * * *", "Europe/Berlin");
        TimeRules fourToFive = new TimeRules(StartWindow.parse("04:00-04:59"), List.of());

        assertThat(fourToFive.neverFits(atThree, SATURDAY_NOON))
                .contains("No run of this schedule in the next year falls inside the start window 04:00-04:59;"
                        + " change the schedule or the window.");
        assertThat(fourToFive.neverFits(atFourThirty, SATURDAY_NOON)).isEmpty();
    }

    @Test
    void aScheduleIsReadInItsOwnZoneAgainstTheRules() {
        // 03:00 UTC is 04:00 in Berlin in winter.
        CronSchedule utc = CronSchedule.parse("0 3 * * *", "UTC");
        TimeRules rules = new TimeRules(StartWindow.parse("04:00-04:59"), List.of());

        assertThat(rules.neverFits(utc, SATURDAY_NOON)).isPresent();
        assertThat(rules.refusal(ZonedDateTime.parse("2026-11-23T03:00:00Z").withZoneSameInstant(BERLIN)))
                .isEmpty();
    }

    @Test
    void aScheduleThatFitsOnlyOnSomeDaysFits() {
        CronSchedule daily = CronSchedule.parse("30 4 * * *", "Europe/Berlin");
        TimeRules weekdaysBlocked =
                new TimeRules(StartWindow.parse("04:00-04:59"), Blackout.parseLines("Mon-Sat 00:00-23:59"));

        assertThat(weekdaysBlocked.neverFits(daily, SATURDAY_NOON)).isEmpty();
    }

    @Test
    void blackoutsCoveringEveryDayAllDayLeaveNoRun() {
        TimeRules always = new TimeRules(null, Blackout.parseLines("00:00-23:59"));
        // Sunday's night runs into Monday morning; Saturday's all-day line covers Saturday evening.
        TimeRules byParts = new TimeRules(
                StartWindow.parse("22:00-05:59"), Blackout.parseLines("Sun-Fri 22:00-05:59\nSat,Sun 00:00-23:59"));
        TimeRules mondayMorningOpen = new TimeRules(
                StartWindow.parse("22:00-05:59"), Blackout.parseLines("Mon-Fri 22:00-05:59\nSat,Sun 00:00-23:59"));

        assertThat(always.neverFits(CronSchedule.parse("*/5 * * * *", "Europe/Berlin"), SATURDAY_NOON))
                .contains("No run of this schedule in the next year falls outside the blackouts;"
                        + " change the schedule or the blackouts.");
        assertThat(byParts.neverFits(CronSchedule.parse("0 * * * *", "Europe/Berlin"), SATURDAY_NOON))
                .contains("No run of this schedule in the next year falls inside the start window and outside the"
                        + " blackouts; change the schedule, the window or the blackouts.");
        assertThat(mondayMorningOpen.neverFits(CronSchedule.parse("0 * * * *", "Europe/Berlin"), SATURDAY_NOON))
                .isEmpty();
    }

    @Test
    void aRunLateInTheYearStillFits() {
        // Fires once a year, in October; the window only lets that run through.
        CronSchedule yearly = CronSchedule.parse("30 4 1 10 *", "Europe/Berlin");
        TimeRules rules = new TimeRules(StartWindow.parse("04:00-04:59"), Blackout.parseLines("Mon-Wed 00:00-23:59"));

        // 2027-10-01 is a Friday.
        assertThat(rules.neverFits(yearly, SATURDAY_NOON)).isEmpty();
        assertThat(new TimeRules(StartWindow.parse("05:00-05:59"), List.of()).neverFits(yearly, SATURDAY_NOON))
                .isPresent();
    }

    @Test
    void noRulesOrNoFireTimeInTheYearGiveNoMessage() {
        CronSchedule daily = CronSchedule.parse("0 3 * * *", "Europe/Berlin");
        // 29 February: the next one is in 2028, more than a year after November 2026.
        CronSchedule leapDay = CronSchedule.parse("0 3 29 2 *", "Europe/Berlin");

        assertThat(new TimeRules(null, List.of()).neverFits(daily, SATURDAY_NOON))
                .isEmpty();
        assertThat(new TimeRules(StartWindow.parse("04:00-04:59"), List.of()).neverFits(leapDay, SATURDAY_NOON))
                .isEmpty();
    }

    @Test
    void aVeryFrequentScheduleIsCheckedOnlyUpToTheLimit() {
        // Every minute is over 500,000 fire times a year; the look stops after the first 50,000 (some 35 days).
        CronSchedule everyMinute = CronSchedule.parse("* * * * *", "Europe/Berlin");
        TimeRules lateInTheYear = new TimeRules(null, Blackout.parseLines("Mon-Sun 00:00-23:59"));
        TimeRules lastMinuteOfTheDay = new TimeRules(StartWindow.parse("23:59-23:59"), List.of());

        assertThat(lateInTheYear.neverFits(everyMinute, SATURDAY_NOON)).isPresent();
        assertThat(lastMinuteOfTheDay.neverFits(everyMinute, SATURDAY_NOON)).isEmpty();
    }

    private static ZonedDateTime berlin(String localDateTime) {
        return ZonedDateTime.of(LocalDateTime.parse(localDateTime), BERLIN);
    }

    @Test
    void errorMessagesQuoteWhatWasTypedShortAndWithoutControlCharacters() {
        String hostile = "x\u0000\u001b[31m" + "a".repeat(5000) + " 08:00-09:00";

        assertThatThrownBy(() -> Blackout.parseLines(hostile))
                .hasMessageStartingWith("Line 1: Unknown day \"x??[31maaaa")
                .hasMessageContaining("a…\": use Mon")
                .hasMessageNotContaining("\u0000")
                .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(200));
        assertThatThrownBy(() -> StartWindow.parse("9".repeat(5000)))
                .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(200));
        assertThatThrownBy(() -> CronSchedule.zoneOf("Europe/\nBerlin"))
                .hasMessage("Unknown time zone \"Europe/?Berlin\"; use a region name such as Europe/Berlin or UTC.");
    }
}
