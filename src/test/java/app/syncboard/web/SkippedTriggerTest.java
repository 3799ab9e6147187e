package app.syncboard.web;

import static org.assertj.core.api.Assertions.assertThat;

import app.syncboard.runs.Run;
import app.syncboard.runs.RunStatus;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SkippedTriggerTest {

    private static final Instant T0 = Instant.parse("2026-11-21T03:59:00Z");

    @Test
    void aTriggerSkippedWhileTheLastRunWasGoingIsNoAlarm() {
        // Sync now at 03:59 ran until 04:20; the 04:00 schedule was skipped because of it.
        Run manual = run(1, RunStatus.SUCCEEDED, T0, T0.plusSeconds(21 * 60));
        Run skipped = run(2, RunStatus.SKIPPED, T0.plusSeconds(60), T0.plusSeconds(60));

        assertThat(DashboardController.skippedSince(skipped, manual)).isNull();
    }

    @Test
    void aTriggerSkippedAfterTheLastResultIsShown() {
        Run last = run(1, RunStatus.SUCCEEDED, T0, T0.plusSeconds(60));
        Run skipped = run(2, RunStatus.SKIPPED, T0.plusSeconds(120), T0.plusSeconds(120));

        assertThat(DashboardController.skippedSince(skipped, last)).isEqualTo(skipped);
        assertThat(DashboardController.skippedSince(skipped, null)).isEqualTo(skipped);
        assertThat(DashboardController.skippedSince(last, last)).isNull();
    }

    private static Run run(long id, RunStatus status, Instant queued, Instant finished) {
        return new Run(id, 1L, status, null, "x", "n", queued, queued, finished, 0, null, null);
    }
}
