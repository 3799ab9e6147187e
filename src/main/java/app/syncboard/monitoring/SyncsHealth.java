package app.syncboard.monitoring;

import java.util.List;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.stereotype.Component;

/**
 * The Actuator health contributor {@code syncState}, shown by the group {@code syncs} ({@code /actuator/health/syncs}):
 * the worst job state as {@code SYNC_CRITICAL}, {@code SYNC_UNKNOWN}, {@code SYNC_WARNING} or {@code SYNC_OK}, with
 * each job's state in the details. The overall {@code /actuator/health} does not know these statuses and leaves
 * them out of its verdict on purpose: a failed sync says nothing about whether syncboard itself is up.
 */
@Component("syncStateHealthIndicator")
class SyncsHealth implements HealthIndicator {

    private final JobHealths healths;

    SyncsHealth(JobHealths healths) {
        this.healths = healths;
    }

    @Override
    public Health health() {
        List<JobHealth> all = healths.all(Thresholds.NONE);
        SyncState worst = SyncState.worstOf(all);
        Health.Builder health = Health.status(new Status("SYNC_" + worst.name()));
        for (JobHealth job : all) {
            health.withDetail(job.job(), job.state() + ": " + job.reason());
        }
        return health.build();
    }
}
