package app.syncboard.runs;

import static org.assertj.core.api.Assertions.assertThat;

import app.syncboard.hosts.SshFailure;
import app.syncboard.jobs.RetryPolicy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class RetriesTest {

    private static final Instant NOW = Instant.parse("2026-11-22T03:00:00Z");
    private static final RetryPolicy BOTH = new RetryPolicy(3, 60, true, true);

    private final Retries retries = new Retries(Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void aDroppedConnectionIsRetriedAfterTheDelayDoubledPerAttempt() {
        assertThat(retries.dueAt(attempt(1), BOTH, RunStatus.FAILED, 255, "rsync exited with code 255", false))
                .isEqualTo(NOW.plusSeconds(60));
        assertThat(retries.dueAt(attempt(2), BOTH, RunStatus.FAILED, 12, "protocol data stream", false))
                .isEqualTo(NOW.plusSeconds(120));
        assertThat(retries.dueAt(attempt(3), BOTH, RunStatus.TIMED_OUT, null, "Stopped: ...", false))
                .isEqualTo(NOW.plusSeconds(240));
        assertThat(retries.dueAt(attempt(4), BOTH, RunStatus.FAILED, 255, "x", false))
                .as("three retries, then no more")
                .isNull();
    }

    @Test
    void failuresThatWaitingWouldNotMendAreNotRetried() {
        assertThat(retries.dueAt(
                        attempt(1),
                        BOTH,
                        RunStatus.FAILED,
                        255,
                        "... First error: Host key verification failed.",
                        false))
                .isNull();
        assertThat(retries.dueAt(
                        attempt(1),
                        BOTH,
                        RunStatus.FAILED,
                        12,
                        "First error: user@host: Permission denied (publickey).",
                        false))
                .isNull();
        assertThat(retries.dueAt(attempt(1), BOTH, RunStatus.FAILED, 23, "partial transfer", false))
                .isNull();
        assertThat(retries.dueAt(attempt(1), BOTH, RunStatus.CANCELLED, null, "Cancelled by alice.", false))
                .isNull();
        assertThat(Retries.passes(SshFailure.Kind.AUTHENTICATION_FAILED)).isFalse();
        assertThat(Retries.passes(SshFailure.Kind.HOST_KEY_CHANGED)).isFalse();
        assertThat(Retries.passes(SshFailure.Kind.CONNECTION_REFUSED)).isTrue();
        assertThat(Retries.passes(SshFailure.Kind.TIMEOUT)).isTrue();
        assertThat(Retries.passes(SshFailure.Kind.CONNECTION_LOST)).isTrue();
    }

    @Test
    void onlyTheReasonsTheJobTicksAreRetried() {
        RetryPolicy connectionOnly = new RetryPolicy(3, 60, true, false);

        assertThat(retries.dueAt(attempt(1), connectionOnly, RunStatus.TIMED_OUT, null, "Stopped", false))
                .isNull();
        assertThat(retries.dueAt(attempt(1), connectionOnly, RunStatus.FAILED, 30, "timeout in data send", false))
                .isNull();
        assertThat(retries.dueAt(attempt(1), connectionOnly, RunStatus.FAILED, null, "Connection refused", true))
                .isEqualTo(NOW.plusSeconds(60));
    }

    @Test
    void theWaitNeverExceedsSixHours() {
        assertThat(new RetryPolicy(10, 86_400, true, true).delayBefore(5)).isEqualTo(Duration.ofHours(6));
        assertThat(new RetryPolicy(10, 3600, true, true).delayBefore(4)).isEqualTo(Duration.ofHours(4));
    }

    private static Run attempt(int number) {
        return Run.queued(1, RunTrigger.SCHEDULE, "schedule", "n", NOW).retryOf(1, number);
    }
}
