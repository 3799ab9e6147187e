package app.syncboard.jobs;

import org.quartz.Job;
import org.quartz.JobExecutionContext;
import org.springframework.context.ApplicationEventPublisher;

/** The Quartz job behind every schedule: it only announces that a sync job is due. */
class FireSyncJob implements Job {

    static final String JOB_ID = "syncJobId";

    private final ApplicationEventPublisher events;

    FireSyncJob(ApplicationEventPublisher events) {
        this.events = events;
    }

    @Override
    public void execute(JobExecutionContext context) {
        long jobId = context.getMergedJobDataMap().getLong(JOB_ID);
        events.publishEvent(new SyncJobDue(jobId, context.getScheduledFireTime().toInstant()));
    }
}
