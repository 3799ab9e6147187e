package app.syncboard.runs;

import app.syncboard.audit.AuditTargetNames;
import app.syncboard.jobs.SyncJob;
import app.syncboard.jobs.SyncJobs;
import java.util.Optional;
import org.springframework.stereotype.Component;

/** Names runs in the audit log by their job: {@code #12 of home}. */
@Component
class RunAuditNames implements AuditTargetNames {

    private final Runs runs;
    private final SyncJobs jobs;

    RunAuditNames(Runs runs, SyncJobs jobs) {
        this.runs = runs;
        this.jobs = jobs;
    }

    @Override
    public Optional<String> nameOf(String type, String id) {
        if (!"run".equals(type)) {
            return Optional.empty();
        }
        return AuditTargetNames.number(id)
                .flatMap(runs::findById)
                .map(run -> "#" + run.id() + " of "
                        + jobs.findById(run.jobId()).map(SyncJob::name).orElse("job #" + run.jobId()));
    }
}
