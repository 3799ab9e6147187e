package app.syncboard.jobs;

import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.TimeZone;
import org.quartz.CronScheduleBuilder;
import org.quartz.CronTrigger;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.TriggerKey;
import org.quartz.impl.matchers.GroupMatcher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/** Keeps Quartz's persistent triggers in step with the sync jobs in the database. */
@Component
class JobSchedules {

    private static final Logger log = LoggerFactory.getLogger(JobSchedules.class);
    private static final String GROUP = "sync-jobs";

    private final Scheduler scheduler;
    private final SyncJobs jobs;

    JobSchedules(Scheduler scheduler, SyncJobs jobs) {
        this.scheduler = scheduler;
        this.jobs = jobs;
    }

    void apply(SyncJob job) {
        JobKey key = key(job.id());
        try {
            CronSchedule schedule = job.cronSchedule();
            // Quartz refuses a trigger that will never fire again (a year-bound expression whose year is past).
            if (!job.enabled() || schedule.nextFireTimes(Instant.now(), 1).isEmpty()) {
                scheduler.deleteJob(key);
                return;
            }
            if (unchanged(key, schedule)) {
                // Replacing it would reset Quartz's own state of the trigger (next and missed fire times).
                return;
            }
            JobDetail detail = JobBuilder.newJob(FireSyncJob.class)
                    .withIdentity(key)
                    .withDescription(job.name())
                    .usingJobData(FireSyncJob.JOB_ID, job.id())
                    .build();
            Trigger trigger = TriggerBuilder.newTrigger()
                    .withIdentity(key.getName(), GROUP)
                    .forJob(detail)
                    .withSchedule(CronScheduleBuilder.cronSchedule(schedule.quartzExpression())
                            .inTimeZone(TimeZone.getTimeZone(schedule.zone()))
                            .withMisfireHandlingInstructionDoNothing())
                    .build();
            scheduler.scheduleJob(detail, Set.of(trigger), true);
        } catch (SchedulerException e) {
            throw new IllegalStateException("Could not update the schedule of job " + job.name(), e);
        }
    }

    private boolean unchanged(JobKey key, CronSchedule schedule) throws SchedulerException {
        return scheduler.getTrigger(TriggerKey.triggerKey(key.getName(), GROUP)) instanceof CronTrigger current
                && current.getCronExpression().equals(schedule.quartzExpression())
                && current.getTimeZone().getID().equals(schedule.zone().getId());
    }

    void remove(long jobId) {
        try {
            scheduler.deleteJob(key(jobId));
        } catch (SchedulerException e) {
            throw new IllegalStateException("Could not remove the schedule of job " + jobId, e);
        }
    }

    /** Makes the triggers match the jobs table, whatever happened to either while the app was down. */
    @EventListener(ApplicationReadyEvent.class)
    void reconcile() throws SchedulerException {
        Set<JobKey> wanted = new HashSet<>();
        for (SyncJob job : jobs.findAll()) {
            apply(job);
            if (job.enabled()) {
                wanted.add(key(job.id()));
            }
        }
        for (JobKey existing : scheduler.getJobKeys(GroupMatcher.jobGroupEquals(GROUP))) {
            if (!wanted.contains(existing)) {
                scheduler.deleteJob(existing);
            }
        }
        log.info("Schedules in step with {} job(s), {} enabled", jobs.count(), wanted.size());
    }

    private static JobKey key(long jobId) {
        return JobKey.jobKey(Long.toString(jobId), GROUP);
    }
}
