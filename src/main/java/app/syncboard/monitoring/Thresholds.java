package app.syncboard.monitoring;

import java.time.Duration;

/**
 * How old the newest good copy may get: WARNING after {@code warning}, CRITICAL after {@code critical}. Either may
 * be null: then the job's own setting, or the default from its schedule, applies.
 */
public record Thresholds(Duration warning, Duration critical) {

    public static final Thresholds NONE = new Thresholds(null, null);

    /** These where set, else {@code fallback}'s. */
    Thresholds or(Thresholds fallback) {
        return new Thresholds(
                warning != null ? warning : fallback.warning(), critical != null ? critical : fallback.critical());
    }
}
