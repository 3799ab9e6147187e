package app.syncboard.jobs;

import app.syncboard.hosts.PairSidesChanged;
import java.time.Clock;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Saves job definitions together with their Quartz schedules, in one transaction. */
@Service
public class JobCatalog {

    private final SyncJobs jobs;
    private final JobSchedules schedules;
    private final Clock clock;

    JobCatalog(SyncJobs jobs, JobSchedules schedules, Clock clock) {
        this.jobs = jobs;
        this.schedules = schedules;
        this.clock = clock;
    }

    @Transactional
    public SyncJob create(JobDefinition definition) {
        SyncJob saved = jobs.save(SyncJob.create(definition, clock.instant()));
        schedules.apply(saved);
        return saved;
    }

    @Transactional
    public SyncJob update(SyncJob job, JobDefinition definition) {
        SyncJob saved = jobs.save(job.update(definition, clock.instant()));
        schedules.apply(saved);
        return saved;
    }

    /** Stops the job's schedule; "Sync now" still works. */
    @Transactional
    public SyncJob pause(SyncJob job, String reason) {
        SyncJob paused = jobs.save(job.withEnabled(false, reason, clock.instant()));
        schedules.apply(paused);
        return paused;
    }

    /** Starts the job's schedule again; fire times while it was paused are not counted as missed. */
    @Transactional
    public SyncJob resume(SyncJob job) {
        SyncJob resumed = jobs.save(job.withEnabled(true, null, clock.instant()));
        schedules.apply(resumed);
        return resumed;
    }

    /** Removes the job and its schedule; the database removes its runs and their logs with it. */
    @Transactional
    public void delete(SyncJob job) {
        schedules.remove(job.id());
        jobs.delete(job);
    }

    /** A pair's sides changed: its jobs would copy elsewhere, so their schedules stop until someone checks them. */
    @EventListener
    void onPairSidesChanged(PairSidesChanged changed) {
        for (SyncJob job : jobs.findByPairIdOrderByName(changed.pairId())) {
            if (job.enabled()) {
                pause(job, "The pair's hosts or paths changed: check the job, then resume its schedule.");
            }
        }
    }
}
