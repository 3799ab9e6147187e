package app.syncboard.jobs;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TimeZone;
import java.util.stream.Collectors;
import org.quartz.CronScheduleBuilder;
import org.quartz.CronTrigger;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.SimpleTrigger;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.TriggerKey;
import org.quartz.impl.matchers.GroupMatcher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Keeps Quartz's persistent triggers in step with the sync jobs in the database: per enabled job a cron trigger, and
 * a one-shot trigger for each run the cron trigger would skip in a daylight-saving gap during the next
 * {@link #GAP_HORIZON} ({@link CronSchedule#gapFireTimes}), both firing the same Quartz job.
 */
@Component
class JobSchedules {

    private static final Logger log = LoggerFactory.getLogger(JobSchedules.class);
    private static final String GROUP = "sync-jobs";
    static final String GAP_GROUP = "sync-jobs-dst";

    /** How far ahead gap triggers are made; {@link #renew} runs daily, so each is stored more than a year before it fires. */
    static final Duration GAP_HORIZON = Duration.ofDays(400);

    private final Scheduler scheduler;
    private final SyncJobs jobs;
    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final Clock clock;

    JobSchedules(Scheduler scheduler, SyncJobs jobs, JdbcClient jdbc, TransactionTemplate transactions, Clock clock) {
        this.scheduler = scheduler;
        this.jobs = jobs;
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.clock = clock;
    }

    void apply(SyncJob job) {
        JobKey key = key(job.id());
        try {
            if (!job.enabled()) {
                scheduler.deleteJob(key);
                return;
            }
            CronSchedule schedule = job.cronSchedule();
            Instant now = clock.instant();
            // Quartz refuses a trigger that will never fire again (a year-bound expression whose year is past).
            boolean cronFires = !schedule.cronTriggerFireTimes(now, 1).isEmpty();
            List<SimpleTrigger> gaps = gapTriggers(key, schedule, now);
            if (!cronFires && gaps.isEmpty()) {
                scheduler.deleteJob(key);
                return;
            }
            Set<Trigger> added = new HashSet<>();
            // Replacing an unchanged trigger would reset Quartz's own state of it (next and missed fire times).
            if (cronFires && !unchanged(key, schedule)) {
                added.add(cronTrigger(key, schedule, now));
            }
            for (SimpleTrigger gap : gaps) {
                if (!scheduler.checkExists(gap.getKey())) {
                    added.add(gap);
                }
            }
            if (!added.isEmpty()) {
                JobDetail detail = JobBuilder.newJob(FireSyncJob.class)
                        .withIdentity(key)
                        .withDescription(job.name())
                        .usingJobData(FireSyncJob.JOB_ID, job.id())
                        .build();
                // Replaces the job and the triggers given, leaving its other triggers as they are.
                scheduler.scheduleJob(detail, added, true);
            }
            Set<TriggerKey> wanted = gaps.stream().map(Trigger::getKey).collect(Collectors.toSet());
            if (cronFires) {
                wanted.add(cronKey(key));
            }
            removeTriggersNotIn(wanted, key, now);
        } catch (SchedulerException e) {
            throw new IllegalStateException("Could not update the schedule of job " + job.name(), e);
        }
    }

    /**
     * Unschedules the job's triggers of an earlier schedule, after the wanted ones are stored so that the job, which
     * Quartz drops with its last trigger, stays. One due now is left to Quartz, which may be firing it.
     */
    private void removeTriggersNotIn(Set<TriggerKey> wanted, JobKey job, Instant now) throws SchedulerException {
        for (Trigger trigger : scheduler.getTriggersOfJob(job)) {
            Date next = trigger.getNextFireTime();
            if (!wanted.contains(trigger.getKey())
                    && (next == null || next.toInstant().isAfter(now))) {
                scheduler.unscheduleJob(trigger.getKey());
            }
        }
    }

    private boolean unchanged(JobKey key, CronSchedule schedule) throws SchedulerException {
        return scheduler.getTrigger(cronKey(key)) instanceof CronTrigger current
                && current.getCronExpression().equals(schedule.quartzExpression())
                && current.getTimeZone().getID().equals(schedule.zone().getId());
    }

    static CronTrigger cronTrigger(JobKey job, CronSchedule schedule, Instant start) {
        return TriggerBuilder.newTrigger()
                .withIdentity(cronKey(job))
                .forJob(job)
                .startAt(Date.from(start))
                .withSchedule(CronScheduleBuilder.cronSchedule(schedule.quartzExpression())
                        .inTimeZone(TimeZone.getTimeZone(schedule.zone()))
                        .withMisfireHandlingInstructionDoNothing())
                .build();
    }

    /**
     * One-shot triggers for the schedule's gap fire times after {@code from}, named after the job and the time so
     * that making them again finds the ones stored.
     */
    static List<SimpleTrigger> gapTriggers(JobKey job, CronSchedule schedule, Instant from) {
        return schedule.gapFireTimes(from, from.plus(GAP_HORIZON)).stream()
                .map(time -> TriggerBuilder.newTrigger()
                        .withIdentity(job.getName() + "-" + time.getEpochSecond(), GAP_GROUP)
                        .withDescription("A run that falls in a daylight-saving gap of " + schedule.zone())
                        .forJob(job)
                        .startAt(Date.from(time))
                        .withSchedule(SimpleScheduleBuilder.simpleSchedule()
                                // Later than the misfire threshold (syncboard was down): skipped, as the cron
                                // trigger's runs are (a one-shot trigger has no next time to move on to).
                                .withMisfireHandlingInstructionNextWithRemainingCount())
                        .build())
                .toList();
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

    /**
     * Adds the gap triggers that came within {@link #GAP_HORIZON} since yesterday, for an app that runs for months.
     * Every node of a cluster does it; storing a trigger that another node stored meanwhile only replaces it.
     */
    @Scheduled(cron = "0 17 4 * * *", zone = "UTC")
    void renew() {
        for (SyncJob listed : jobs.findAll()) {
            if (listed.enabled()) {
                try {
                    transactions.executeWithoutResult(
                            tx -> lockedAgain(listed.id()).ifPresent(this::apply));
                } catch (RuntimeException e) {
                    log.error("Could not renew the daylight-saving triggers of job {}", listed.id(), e);
                }
            }
        }
    }

    /**
     * The job read again under the row lock that its edits and deletion hold too (they write the row; deleting runs
     * take it first), so that none of them can come between reading it and applying it.
     */
    private Optional<SyncJob> lockedAgain(long jobId) {
        boolean present = jdbc.sql("SELECT id FROM sync_job WHERE id = ? FOR UPDATE")
                .param(jobId)
                .query(Long.class)
                .optional()
                .isPresent();
        return present ? jobs.findById(jobId) : Optional.empty();
    }

    private static JobKey key(long jobId) {
        return JobKey.jobKey(Long.toString(jobId), GROUP);
    }

    private static TriggerKey cronKey(JobKey job) {
        return TriggerKey.triggerKey(job.getName(), GROUP);
    }
}
