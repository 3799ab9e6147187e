package app.syncboard.jobs;

import java.time.Duration;

/**
 * How often a run that failed for a passing reason is tried again: up to {@code attempts} more runs, the first
 * after {@code delaySeconds}, each further one after twice the previous wait.
 */
public record RetryPolicy(int attempts, int delaySeconds, boolean onConnection, boolean onTimeout) {

    public static final RetryPolicy NONE = new RetryPolicy(0, 300, true, true);

    /** The longest wait between two attempts, whatever the doubling gives. */
    static final Duration MAX_DELAY = Duration.ofHours(6);

    /** The wait before attempt {@code attempt} (2 for the first retry). */
    public Duration delayBefore(int attempt) {
        Duration delay = Duration.ofSeconds(delaySeconds);
        for (int i = 2; i < attempt && delay.compareTo(MAX_DELAY) < 0; i++) {
            delay = delay.multipliedBy(2);
        }
        return delay.compareTo(MAX_DELAY) > 0 ? MAX_DELAY : delay;
    }
}
