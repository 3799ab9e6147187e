package app.syncboard.jobs;

import app.syncboard.hosts.Direction;
import app.syncboard.jobs.SyncJob.JobPath;
import java.time.Duration;
import java.util.List;

/**
 * A validated job definition, as the UI or the demo set-up hands it over to be saved. {@code timeout} (the whole run)
 * and {@code noOutputTimeout} (rsync silent for that long) are null for "no limit"; {@code retention} days that are
 * null mean the defaults.
 */
public record JobDefinition(
        String name,
        long pairId,
        List<JobPath> paths,
        List<String> includes,
        List<String> excludes,
        boolean deleteExtraneous,
        RsyncOptions options,
        CronSchedule schedule,
        TimeRules timeRules,
        MissedRuns missedRuns,
        boolean enabled,
        Direction direction,
        Duration timeout,
        Duration noOutputTimeout,
        RetryPolicy retry,
        Preconditions checks,
        List<JobStep> steps,
        DeletionGuard guard,
        MonitorThresholds monitor,
        RetentionDays retention) {

    public JobDefinition {
        paths = List.copyOf(paths);
        includes = List.copyOf(includes);
        excludes = List.copyOf(excludes);
        steps = List.copyOf(steps);
        options = options == null ? RsyncOptions.DEFAULTS : options;
        timeRules = timeRules == null ? new TimeRules(null, List.of()) : timeRules;
        missedRuns = missedRuns == null ? MissedRuns.SKIP : missedRuns;
        direction = direction == null ? Direction.PUSH : direction;
        retry = retry == null ? RetryPolicy.NONE : retry;
        checks = checks == null ? Preconditions.NONE : checks;
        guard = guard == null ? DeletionGuard.DEFAULTS : guard;
        monitor = monitor == null ? MonitorThresholds.FROM_SCHEDULE : monitor;
        retention = retention == null ? RetentionDays.DEFAULTS : retention;
    }

    /** A job with the default options, no time rules, retries, checks or steps. */
    public JobDefinition(
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
        this(
                name,
                pairId,
                paths.stream().map(JobPath::new).toList(),
                List.of(),
                excludes,
                deleteExtraneous,
                null,
                schedule,
                null,
                null,
                enabled,
                direction,
                timeout,
                noOutputTimeout,
                null,
                null,
                List.of(),
                null,
                null,
                null);
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

    public JobDefinition withPaths(List<JobPath> value) {
        return new JobDefinition(
                name,
                pairId,
                value,
                includes,
                excludes,
                deleteExtraneous,
                options,
                schedule,
                timeRules,
                missedRuns,
                enabled,
                direction,
                timeout,
                noOutputTimeout,
                retry,
                checks,
                steps,
                guard,
                monitor,
                retention);
    }

    public JobDefinition withExcludes(List<String> value) {
        return new JobDefinition(
                name,
                pairId,
                paths,
                includes,
                value,
                deleteExtraneous,
                options,
                schedule,
                timeRules,
                missedRuns,
                enabled,
                direction,
                timeout,
                noOutputTimeout,
                retry,
                checks,
                steps,
                guard,
                monitor,
                retention);
    }

    public JobDefinition withOptions(RsyncOptions value) {
        return new JobDefinition(
                name,
                pairId,
                paths,
                includes,
                excludes,
                deleteExtraneous,
                value,
                schedule,
                timeRules,
                missedRuns,
                enabled,
                direction,
                timeout,
                noOutputTimeout,
                retry,
                checks,
                steps,
                guard,
                monitor,
                retention);
    }

    public JobDefinition withTimeRules(TimeRules value) {
        return new JobDefinition(
                name,
                pairId,
                paths,
                includes,
                excludes,
                deleteExtraneous,
                options,
                schedule,
                value,
                missedRuns,
                enabled,
                direction,
                timeout,
                noOutputTimeout,
                retry,
                checks,
                steps,
                guard,
                monitor,
                retention);
    }

    public JobDefinition withMissedRuns(MissedRuns value) {
        return new JobDefinition(
                name,
                pairId,
                paths,
                includes,
                excludes,
                deleteExtraneous,
                options,
                schedule,
                timeRules,
                value,
                enabled,
                direction,
                timeout,
                noOutputTimeout,
                retry,
                checks,
                steps,
                guard,
                monitor,
                retention);
    }

    public JobDefinition withRetry(RetryPolicy value) {
        return new JobDefinition(
                name,
                pairId,
                paths,
                includes,
                excludes,
                deleteExtraneous,
                options,
                schedule,
                timeRules,
                missedRuns,
                enabled,
                direction,
                timeout,
                noOutputTimeout,
                value,
                checks,
                steps,
                guard,
                monitor,
                retention);
    }

    public JobDefinition withChecks(Preconditions value, List<JobStep> newSteps) {
        return new JobDefinition(
                name,
                pairId,
                paths,
                includes,
                excludes,
                deleteExtraneous,
                options,
                schedule,
                timeRules,
                missedRuns,
                enabled,
                direction,
                timeout,
                noOutputTimeout,
                retry,
                value,
                newSteps,
                guard,
                monitor,
                retention);
    }

    public JobDefinition withGuard(DeletionGuard value) {
        return new JobDefinition(
                name,
                pairId,
                paths,
                includes,
                excludes,
                deleteExtraneous,
                options,
                schedule,
                timeRules,
                missedRuns,
                enabled,
                direction,
                timeout,
                noOutputTimeout,
                retry,
                checks,
                steps,
                value,
                monitor,
                retention);
    }

    public JobDefinition withRetention(RetentionDays value) {
        return new JobDefinition(
                name,
                pairId,
                paths,
                includes,
                excludes,
                deleteExtraneous,
                options,
                schedule,
                timeRules,
                missedRuns,
                enabled,
                direction,
                timeout,
                noOutputTimeout,
                retry,
                checks,
                steps,
                guard,
                monitor,
                value);
    }
}
