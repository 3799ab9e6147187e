package app.syncboard.jobs;

import java.util.List;

/** A validated job definition, as the UI or the demo set-up hands it over to be saved. */
public record JobDefinition(
        String name,
        long pairId,
        List<String> paths,
        List<String> excludes,
        boolean deleteExtraneous,
        CronSchedule schedule,
        boolean enabled) {

    public JobDefinition {
        paths = List.copyOf(paths);
        excludes = List.copyOf(excludes);
    }
}
