package app.syncboard.jobs;

import app.syncboard.hosts.Direction;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.Version;
import org.springframework.data.relational.core.mapping.MappedCollection;
import org.springframework.data.relational.core.mapping.Table;

/**
 * A set of paths copied from a pair's primary to its standby, on a cron schedule in a time zone.
 * {@code enabled} switches the schedule; "Sync now" works either way.
 */
@Table("sync_job")
public record SyncJob(
        @Id Long id,
        String name,
        Long pairId,

        @MappedCollection(idColumn = "sync_job", keyColumn = "sync_job_key")
        List<JobPath> paths,

        @MappedCollection(idColumn = "sync_job", keyColumn = "sync_job_key")
        List<JobExclude> excludes,

        boolean deleteExtraneous,
        String schedule,
        String timeZone,
        boolean enabled,
        Direction direction,
        Integer timeoutSeconds,
        Integer noOutputTimeoutSeconds,
        @Version Long version,
        Instant createdAt,
        Instant updatedAt) {

    @Table("sync_job_path")
    public record JobPath(String path) {}

    @Table("sync_job_exclude")
    public record JobExclude(String pattern) {}

    public static SyncJob create(JobDefinition definition, Instant now) {
        return of(null, definition, null, now, now);
    }

    public SyncJob update(JobDefinition definition, Instant now) {
        return of(id, definition, version, createdAt, now);
    }

    private static SyncJob of(Long id, JobDefinition definition, Long version, Instant createdAt, Instant updatedAt) {
        return new SyncJob(
                id,
                definition.name(),
                definition.pairId(),
                definition.paths().stream().map(JobPath::new).toList(),
                definition.excludes().stream().map(JobExclude::new).toList(),
                definition.deleteExtraneous(),
                definition.schedule().expression(),
                definition.schedule().zone().getId(),
                definition.enabled(),
                definition.direction(),
                seconds(definition.timeout()),
                seconds(definition.noOutputTimeout()),
                version,
                createdAt,
                updatedAt);
    }

    public SyncJob withEnabled(boolean on, Instant now) {
        return new SyncJob(
                id,
                name,
                pairId,
                paths,
                excludes,
                deleteExtraneous,
                schedule,
                timeZone,
                on,
                direction,
                timeoutSeconds,
                noOutputTimeoutSeconds,
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

    public List<String> excludeList() {
        return excludes.stream().map(JobExclude::pattern).toList();
    }

    public CronSchedule cronSchedule() {
        return CronSchedule.stored(schedule, timeZone);
    }
}
