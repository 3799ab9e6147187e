package app.syncboard.notify;

import app.syncboard.hosts.Pair;
import app.syncboard.hosts.Pairs;
import app.syncboard.jobs.SyncJob;
import app.syncboard.jobs.SyncJobs;
import app.syncboard.monitoring.JobHealth;
import app.syncboard.monitoring.JobHealths;
import app.syncboard.monitoring.Thresholds;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/**
 * Which jobs have gone without a successful run for longer than their critical age, as the monitoring module
 * judges it (the job's own age, else two periods of its schedule plus a grace): the newest good copy is older than
 * that, or there is none and the job is older than that. Jobs with a paused schedule or pair, and jobs without a
 * schedule to judge by, are left out. A failed last run is not "stale": it was sent as FAILED already.
 */
@Component
class StaleJobs {

    /**
     * @param lastSuccessAt when the newest good copy was made, null when there is none
     * @param criticalAfter the age the job may reach
     */
    record Stale(SyncJob job, Pair pair, Instant lastSuccessAt, Duration criticalAfter) {}

    private final JobHealths healths;
    private final SyncJobs jobs;
    private final Pairs pairs;

    StaleJobs(JobHealths healths, SyncJobs jobs, Pairs pairs) {
        this.healths = healths;
        this.jobs = jobs;
        this.pairs = pairs;
    }

    List<Stale> at(Instant now) {
        Map<Long, SyncJob> jobsById =
                jobs.findAll().stream().collect(Collectors.toMap(SyncJob::id, Function.identity()));
        Map<Long, Pair> pairsById = pairs.findAll().stream().collect(Collectors.toMap(Pair::id, Function.identity()));
        List<Stale> stale = new ArrayList<>();
        for (JobHealth health : healths.all(Thresholds.NONE)) {
            SyncJob job = jobsById.get(health.jobId());
            if (job == null || health.paused() || health.criticalAfter() == null) {
                continue;
            }
            Duration age = health.age() != null ? health.age() : Duration.between(job.createdAt(), now);
            if (age.compareTo(health.criticalAfter()) > 0) {
                stale.add(new Stale(job, pairsById.get(job.pairId()), health.lastSuccessAt(), health.criticalAfter()));
            }
        }
        return stale;
    }
}
