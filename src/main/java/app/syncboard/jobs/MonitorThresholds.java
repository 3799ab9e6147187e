package app.syncboard.jobs;

import java.time.Duration;
import java.util.Optional;

/**
 * From how old a newest good copy the monitoring reports WARNING and CRITICAL for this job; null: derived from
 * the schedule.
 */
public record MonitorThresholds(Integer warningSeconds, Integer criticalSeconds) {

    public static final MonitorThresholds FROM_SCHEDULE = new MonitorThresholds(null, null);

    public Optional<Duration> warning() {
        return Optional.ofNullable(warningSeconds).map(Duration::ofSeconds);
    }

    public Optional<Duration> critical() {
        return Optional.ofNullable(criticalSeconds).map(Duration::ofSeconds);
    }
}
