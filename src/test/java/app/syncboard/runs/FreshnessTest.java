package app.syncboard.runs;

import static org.assertj.core.api.Assertions.assertThat;

import app.syncboard.jobs.CronSchedule;
import app.syncboard.jobs.JobDefinition;
import app.syncboard.jobs.SyncJob;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class FreshnessTest {

    // Nightly at 04:00 UTC; the last good run started at 04:00 and took 10 minutes.
    private static final SyncJob NIGHTLY = job("0 4 * * *", true);
    private static final Run GOOD = Run.queued(1, RunTrigger.SCHEDULE, "schedule", "n", at("2026-11-20T04:00:00Z"))
            .started(at("2026-11-20T04:00:01Z"), "rsync")
            .finished(RunStatus.SUCCEEDED, 0, at("2026-11-20T04:10:01Z"), null);

    @Test
    void copyIsFreshUntilTheNextScheduledRunHadTimeToFinish() {
        // due at 04:00 the next day, plus twice the last duration (20 min) for the run to finish
        Freshness beforeDue = Freshness.of(NIGHTLY, GOOD, false, at("2026-11-21T04:20:00Z"));

        assertThat(beforeDue.state()).isEqualTo(Freshness.State.FRESH);
        assertThat(beforeDue.age()).isEqualTo(Duration.ofHours(24).plusSeconds(599));
        assertThat(beforeDue.dueBy()).isEqualTo(at("2026-11-21T04:20:00Z"));
    }

    @Test
    void oneMissedRunMakesItLateTwoMakeItStale() {
        assertThat(Freshness.of(NIGHTLY, GOOD, false, at("2026-11-21T04:21:00Z"))
                        .state())
                .isEqualTo(Freshness.State.LATE);
        assertThat(Freshness.of(NIGHTLY, GOOD, false, at("2026-11-22T04:20:00Z"))
                        .state())
                .isEqualTo(Freshness.State.LATE);
        assertThat(Freshness.of(NIGHTLY, GOOD, false, at("2026-11-22T04:21:00Z"))
                        .state())
                .isEqualTo(Freshness.State.STALE);
    }

    @Test
    void quickRunsGetAtLeastAMinuteOfGrace() {
        SyncJob everyMinute = job("* * * * *", true);
        Run quick = Run.queued(1, RunTrigger.SCHEDULE, "schedule", "n", at("2026-11-21T12:00:00Z"))
                .started(at("2026-11-21T12:00:00Z"), "rsync")
                .finished(RunStatus.SUCCEEDED, 0, at("2026-11-21T12:00:00.200Z"), null);

        assertThat(Freshness.of(everyMinute, quick, false, at("2026-11-21T12:01:59Z"))
                        .state())
                .isEqualTo(Freshness.State.FRESH);
        assertThat(Freshness.of(everyMinute, quick, false, at("2026-11-21T12:02:01Z"))
                        .state())
                .isEqualTo(Freshness.State.LATE);
        assertThat(Freshness.of(everyMinute, quick, false, at("2026-11-21T12:03:01Z"))
                        .state())
                .isEqualTo(Freshness.State.STALE);
    }

    @Test
    void aNewJobWaitsForItsFirstScheduledRunBeforeItCounts() {
        // NIGHTLY was created at the epoch: its first run was due on 1970-01-01 04:00.
        assertThat(Freshness.of(NIGHTLY, null, false, at("2026-11-21T00:00:00Z"))
                        .state())
                .isEqualTo(Freshness.State.NONE);
        SyncJob fresh = SyncJob.create(
                new JobDefinition("j", 1, List.of("/"), List.of(), false, CronSchedule.parse("0 4 * * *", "UTC"), true),
                at("2026-11-21T10:00:00Z"));
        Freshness waiting = Freshness.of(fresh, null, false, at("2026-11-22T04:00:30Z"));
        assertThat(waiting.state()).isEqualTo(Freshness.State.WAITING);
        assertThat(waiting.needsAttention()).isFalse();
        assertThat(Freshness.of(fresh, null, false, at("2026-11-22T04:01:01Z")).state())
                .isEqualTo(Freshness.State.NONE);
        // A failed run before the first scheduled one: the copy is missing, not awaited.
        assertThat(Freshness.of(fresh, null, true, at("2026-11-21T10:05:00Z")).state())
                .isEqualTo(Freshness.State.NONE);
    }

    @Test
    void withoutScheduleThereIsNoDeadline() {
        Freshness off = Freshness.of(job("0 4 * * *", false), GOOD, false, at("2026-12-24T00:00:00Z"));
        assertThat(off.state()).isEqualTo(Freshness.State.UNSCHEDULED);
        assertThat(off.needsAttention()).isFalse();
        assertThat(off.age()).isGreaterThan(Duration.ofDays(30));
    }

    private static SyncJob job(String cron, boolean enabled) {
        return SyncJob.create(
                new JobDefinition("j", 1, List.of("/"), List.of(), false, CronSchedule.parse(cron, "UTC"), enabled),
                Instant.EPOCH);
    }

    private static Instant at(String text) {
        return Instant.parse(text);
    }
}
