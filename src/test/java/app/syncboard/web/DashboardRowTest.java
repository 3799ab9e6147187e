package app.syncboard.web;

import static org.assertj.core.api.Assertions.assertThat;

import app.syncboard.hosts.Pair;
import app.syncboard.jobs.CronSchedule;
import app.syncboard.jobs.JobDefinition;
import app.syncboard.jobs.SyncJob;
import app.syncboard.runs.Freshness;
import app.syncboard.runs.Run;
import app.syncboard.runs.RunStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class DashboardRowTest {

    private static final Instant T0 = Instant.parse("2026-11-21T03:00:00Z");
    private static final Pair PAIR =
            new Pair(1L, "mail", 1L, "/srv", 1L, "/backup", null, false, null, null, null, null, null, 0L, T0, T0);
    private static final SyncJob JOB = withId(SyncJob.create(
            new JobDefinition(
                    "home", 1, List.of("/home/"), List.of(), true, CronSchedule.parse("0 3 * * *", "UTC"), true),
            T0));
    private static final Freshness STALE = new Freshness(Freshness.State.STALE, Duration.ofDays(3), T0);

    @Test
    void aMissedFireTimeAfterTheLastResultIsShownLikeASkippedOne() {
        Run last = run(RunStatus.SUCCEEDED, T0);
        Run missed = run(RunStatus.MISSED, T0.plus(Duration.ofDays(1)));

        assertThat(DashboardController.skippedSince(missed, last)).isEqualTo(missed);
    }

    @Test
    void onAPausedPairAnAgeingCopyAndSkippedTriggersAreNoAlarmButAFailureIs() {
        Pair paused = PAIR.paused("failover (paused by alice)", T0);
        Run skipped = run(RunStatus.SKIPPED, T0);

        DashboardRow row = new DashboardRow(JOB, paused, run(RunStatus.SUCCEEDED, T0), null, skipped, STALE, null);
        assertThat(row.paused()).isTrue();
        assertThat(row.needsAttention()).isFalse();
        assertThat(row.pausedReason()).isEqualTo("The pair mail is paused: failover (paused by alice)");
        assertThat(row.pausedSince()).isEqualTo(T0);

        assertThat(new DashboardRow(JOB, paused, run(RunStatus.FAILED, T0), null, null, STALE, null).needsAttention())
                .isTrue();
        assertThat(new DashboardRow(JOB, PAIR, run(RunStatus.SUCCEEDED, T0), null, skipped, STALE, null)
                        .needsAttention())
                .isTrue();
    }

    @Test
    void aJobWhoseScheduleIsPausedIsPausedWithItsReason() {
        SyncJob job = JOB.withEnabled(false, "Paused by bob.", T0);

        DashboardRow row = new DashboardRow(job, PAIR, null, null, null, STALE, null);

        assertThat(row.paused()).isTrue();
        assertThat(row.pairPaused()).isFalse();
        assertThat(row.pausedReason()).isEqualTo("Schedule paused: Paused by bob.");
        assertThat(new DashboardRow(JOB, PAIR, null, null, null, STALE, null).paused())
                .isFalse();
    }

    private static SyncJob withId(SyncJob job) {
        return new SyncJob(
                7L,
                job.name(),
                job.pairId(),
                job.paths(),
                job.includes(),
                job.excludes(),
                job.deleteExtraneous(),
                job.options(),
                job.schedule(),
                job.timeZone(),
                job.startWindow(),
                job.blackouts(),
                job.missedRuns(),
                job.scheduleSeenAt(),
                job.enabled(),
                job.pausedReason(),
                job.pausedAt(),
                job.direction(),
                job.timeoutSeconds(),
                job.noOutputTimeoutSeconds(),
                job.retry(),
                job.checks(),
                job.steps(),
                job.guard(),
                job.monitor(),
                job.retention(),
                0L,
                job.createdAt(),
                job.updatedAt());
    }

    private static Run run(RunStatus status, Instant at) {
        return new Run(1L, 7L, status, null, "x", "n", at, at, at, 0, null, null);
    }
}
