package app.syncboard.jobs;

import java.util.Optional;

/**
 * How many days a job's run records and their logs are kept; null: the defaults ({@code syncboard.retention.*}).
 */
public record RetentionDays(Integer runsDays, Integer logsDays) {

    public static final RetentionDays DEFAULTS = new RetentionDays(null, null);

    public Optional<Integer> runs() {
        return Optional.ofNullable(runsDays);
    }

    public Optional<Integer> logs() {
        return Optional.ofNullable(logsDays);
    }
}
