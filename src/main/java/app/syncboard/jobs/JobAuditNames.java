package app.syncboard.jobs;

import app.syncboard.audit.AuditTargetNames;
import java.util.Optional;
import org.springframework.stereotype.Component;

/** Names jobs in the audit log. */
@Component
class JobAuditNames implements AuditTargetNames {

    private final SyncJobs jobs;

    JobAuditNames(SyncJobs jobs) {
        this.jobs = jobs;
    }

    @Override
    public Optional<String> nameOf(String type, String id) {
        return "job".equals(type)
                ? AuditTargetNames.number(id).flatMap(jobs::findById).map(SyncJob::name)
                : Optional.empty();
    }
}
