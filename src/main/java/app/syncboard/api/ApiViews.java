package app.syncboard.api;

import app.syncboard.jobs.SyncJob;
import app.syncboard.runs.RsyncStats;
import app.syncboard.runs.Run;
import java.time.Instant;
import java.util.List;

/** What the API answers: records of plain values, so that the JSON stays stable when the entities change. */
final class ApiViews {

    private ApiViews() {}

    record JobView(
            long id,
            String name,
            long pairId,
            List<String> paths,
            String schedule,
            String timeZone,
            boolean scheduleEnabled,
            String pausedReason,
            boolean deleteExtraneous,
            String direction) {

        static JobView of(SyncJob job) {
            return new JobView(
                    job.id(),
                    job.name(),
                    job.pairId(),
                    job.paths().stream().map(SyncJob.JobPath::text).toList(),
                    job.schedule(),
                    job.timeZone(),
                    job.enabled(),
                    job.pausedReason(),
                    job.deleteExtraneous(),
                    job.direction().name());
        }
    }

    record RunView(
            long id,
            long jobId,
            String status,
            String trigger,
            String triggeredBy,
            String node,
            Instant queuedAt,
            Instant startedAt,
            Instant finishedAt,
            Integer exitCode,
            String message,
            String commandLine,
            int attempt,
            Long firstRunId,
            Instant retryDueAt,
            RsyncStats figures,
            String log) {

        static RunView of(Run run) {
            return new RunView(
                    run.id(),
                    run.jobId(),
                    run.status().name(),
                    run.trigger().name(),
                    run.triggeredBy(),
                    run.node(),
                    run.queuedAt(),
                    run.startedAt(),
                    run.finishedAt(),
                    run.exitCode(),
                    run.message(),
                    run.commandLine(),
                    run.attempt(),
                    run.firstRunId(),
                    run.retryDueAt(),
                    run.stats(),
                    "/api/v1/runs/" + run.id() + "/log");
        }
    }

    /** One page of a job's runs, newest first; {@code next} is the address of the older ones, or null. */
    record RunPage(List<RunView> runs, String next) {}
}
