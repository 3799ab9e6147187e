package app.syncboard.jobs;

import app.syncboard.hosts.Direction;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.Version;
import org.springframework.data.relational.core.mapping.Embedded;
import org.springframework.data.relational.core.mapping.MappedCollection;
import org.springframework.data.relational.core.mapping.Table;

/**
 * A set of paths copied from a pair's primary to its standby, on a cron schedule in a time zone, with the rsync
 * options, time rules, retries, checks, steps and deletion guard around each run, and how long its runs are kept. {@code enabled} switches the
 * schedule (false: paused, {@code pausedReason} says why); "Sync now" works either way.
 */
@Table("sync_job")
public record SyncJob(
        @Id Long id,
        String name,
        Long pairId,

        @MappedCollection(idColumn = "sync_job", keyColumn = "sync_job_key")
        List<JobPath> paths,

        @MappedCollection(idColumn = "sync_job", keyColumn = "sync_job_key")
        List<JobInclude> includes,

        @MappedCollection(idColumn = "sync_job", keyColumn = "sync_job_key")
        List<JobExclude> excludes,

        boolean deleteExtraneous,
        @Embedded.Empty(prefix = "rsync_") RsyncOptions options,
        String schedule,
        String timeZone,
        String startWindow,
        String blackouts,
        MissedRuns missedRuns,
        Instant scheduleSeenAt,
        boolean enabled,
        String pausedReason,
        Instant pausedAt,
        Direction direction,
        Integer timeoutSeconds,
        Integer noOutputTimeoutSeconds,
        @Embedded.Empty(prefix = "retry_") RetryPolicy retry,
        @Embedded.Empty(prefix = "check_") Preconditions checks,

        @MappedCollection(idColumn = "sync_job", keyColumn = "sync_job_key")
        List<JobStep> steps,

        @Embedded.Empty(prefix = "guard_") DeletionGuard guard,
        @Embedded.Empty(prefix = "monitor_") MonitorThresholds monitor,
        @Embedded.Empty(prefix = "keep_") RetentionDays retention,
        @Version Long version,
        Instant createdAt,
        Instant updatedAt) {

    /**
     * A path on the primary, under the pair's base path, and where it lands on the standby.
     *
     * @param destination the path under the standby's base, or null for the same path
     */
    @Table("sync_job_path")
    public record JobPath(String path, String destination) {

        public JobPath(String path) {
            this(path, null);
        }

        public boolean mapped() {
            return destination != null;
        }

        /** As the job form shows it: {@code /srv/www/} or {@code /srv/www/ -> /backup/www/}. */
        public String text() {
            return mapped() ? path + " -> " + destination : path;
        }
    }

    @Table("sync_job_include")
    public record JobInclude(String pattern) {}

    @Table("sync_job_exclude")
    public record JobExclude(String pattern) {}

    public static SyncJob create(JobDefinition definition, Instant now) {
        return of(null, definition, null, now, now);
    }

    /** The definition applied; a changed schedule or a resumed job only counts fire times from now on. */
    public SyncJob update(JobDefinition definition, Instant now) {
        return of(id, definition, version, createdAt, now);
    }

    private static SyncJob of(Long id, JobDefinition d, Long version, Instant createdAt, Instant now) {
        return new SyncJob(
                id,
                d.name(),
                d.pairId(),
                d.paths(),
                d.includes().stream().map(JobInclude::new).toList(),
                d.excludes().stream().map(JobExclude::new).toList(),
                d.deleteExtraneous(),
                d.options(),
                d.schedule().expression(),
                d.schedule().zone().getId(),
                d.timeRules().window() == null ? null : d.timeRules().window().text(),
                d.timeRules().blackouts().isEmpty()
                        ? null
                        : String.join(
                                "\n",
                                d.timeRules().blackouts().stream()
                                        .map(Blackout::text)
                                        .toList()),
                d.missedRuns(),
                now,
                d.enabled(),
                null,
                null,
                d.direction(),
                seconds(d.timeout()),
                seconds(d.noOutputTimeout()),
                d.retry(),
                d.checks(),
                d.steps(),
                d.guard(),
                d.monitor(),
                d.retention(),
                version,
                createdAt,
                now);
    }

    /** Pauses or resumes the schedule; a resumed job counts fire times from now on, not those while paused. */
    public SyncJob withEnabled(boolean on, String reason, Instant now) {
        return new SyncJob(
                id,
                name,
                pairId,
                paths,
                includes,
                excludes,
                deleteExtraneous,
                options,
                schedule,
                timeZone,
                startWindow,
                blackouts,
                missedRuns,
                on ? now : scheduleSeenAt,
                on,
                on ? null : reason,
                on ? null : now,
                direction,
                timeoutSeconds,
                noOutputTimeoutSeconds,
                retry,
                checks,
                steps,
                guard,
                monitor,
                retention,
                version,
                createdAt,
                now);
    }

    /** How long a run may take in all, or empty for no limit. */
    public Optional<Duration> timeout() {
        return Optional.ofNullable(timeoutSeconds).map(Duration::ofSeconds);
    }

    /** How long rsync may stay silent before the run is stopped, or empty for no limit. */
    public Optional<Duration> noOutputTimeout() {
        return Optional.ofNullable(noOutputTimeoutSeconds).map(Duration::ofSeconds);
    }

    private static Integer seconds(Duration duration) {
        return duration == null ? null : Math.toIntExact(duration.toSeconds());
    }

    public List<String> pathList() {
        return paths.stream().map(JobPath::path).toList();
    }

    public List<String> includeList() {
        return includes.stream().map(JobInclude::pattern).toList();
    }

    public List<String> excludeList() {
        return excludes.stream().map(JobExclude::pattern).toList();
    }

    public List<JobStep> steps(JobStep.Phase phase) {
        return steps.stream().filter(step -> step.phase() == phase).toList();
    }

    public CronSchedule cronSchedule() {
        return CronSchedule.stored(schedule, timeZone);
    }

    /** The start window and blackouts; stored as validated, so they parse. */
    public TimeRules timeRules() {
        return new TimeRules(
                startWindow == null ? null : StartWindow.parse(startWindow),
                blackouts == null ? List.of() : Blackout.parseLines(blackouts));
    }

    public RsyncOptions options() {
        return options == null ? RsyncOptions.DEFAULTS : options;
    }

    public RetryPolicy retry() {
        return retry == null ? RetryPolicy.NONE : retry;
    }

    public Preconditions checks() {
        return checks == null ? Preconditions.NONE : checks;
    }

    public DeletionGuard guard() {
        return guard == null ? DeletionGuard.DEFAULTS : guard;
    }

    public MonitorThresholds monitor() {
        return monitor == null ? MonitorThresholds.FROM_SCHEDULE : monitor;
    }

    public RetentionDays retention() {
        return retention == null ? RetentionDays.DEFAULTS : retention;
    }
}
