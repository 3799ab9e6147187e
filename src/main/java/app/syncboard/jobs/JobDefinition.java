package app.syncboard.jobs;

import app.syncboard.hosts.Direction;
import java.time.Duration;
import java.util.List;

/**
 * A validated job definition, as the UI or the demo set-up hands it over to be saved. {@code timeout} (the whole run)
 * and {@code noOutputTimeout} (rsync silent for that long) are null for "no limit".
 */
public record JobDefinition(
        String name,
        long pairId,
        List<String> paths,
        List<String> excludes,
        boolean deleteExtraneous,
        CronSchedule schedule,
        boolean enabled,
        Direction direction,
        Duration timeout,
        Duration noOutputTimeout) {

    public JobDefinition {
        paths = List.copyOf(paths);
        excludes = List.copyOf(excludes);
        direction = direction == null ? Direction.PUSH : direction;
    }

    /** A push job without time limits. */
    public JobDefinition(
            String name,
            long pairId,
            List<String> paths,
            List<String> excludes,
            boolean deleteExtraneous,
            CronSchedule schedule,
            boolean enabled) {
        this(name, pairId, paths, excludes, deleteExtraneous, schedule, enabled, Direction.PUSH, null, null);
    }
}
