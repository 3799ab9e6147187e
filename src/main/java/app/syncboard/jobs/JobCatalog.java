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
                SyncJob paused = jobs.save(job.withEnabled(false, clock.instant()));
                schedules.apply(paused);
            }
        }
    }
}
