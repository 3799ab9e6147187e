package app.syncboard.runs;

import app.syncboard.jobs.MissedRuns;
import app.syncboard.jobs.SyncJob;
import app.syncboard.jobs.SyncJobs;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Finds the fire times that passed while syncboard was not running (Quartz skips a cron fire time it is more than
 * its misfire threshold late for), at start-up and every minute after: each is recorded as a MISSED run, and a job
 * set to {@link MissedRuns#RUN_ONCE} then runs once.
 */
@Component
class MissedRunsWatch {

    private static final Logger log = LoggerFactory.getLogger(MissedRunsWatch.class);

    private final SyncJobs jobs;
    private final FireTimeLedger ledger;
    private final RunLauncher launcher;

    MissedRunsWatch(SyncJobs jobs, FireTimeLedger ledger, RunLauncher launcher) {
        this.jobs = jobs;
        this.ledger = ledger;
        this.launcher = launcher;
    }

    @EventListener(ApplicationReadyEvent.class)
    void atStart() {
        check();
    }

    // The start-up check is the ready event's; the periodic one catches what the scheduler misses while it runs.
    @Scheduled(
            fixedDelayString = "${syncboard.missed-runs-check-interval:PT1M}",
            initialDelayString = "${syncboard.missed-runs-check-interval:PT1M}")
    void periodically() {
        check();
    }

    /** Records every enabled job's missed fire times; a job set to run once after missing some is launched. */
    void check() {
        for (SyncJob job : jobs.findAll()) {
            if (!job.enabled() || !ledger.mayHaveMissed(job)) {
                continue;
            }
            try {
                FireTimeLedger.Missed missed = ledger.recordMissed(job.id());
                if (missed.count() > 0 && missed.policy() == MissedRuns.RUN_ONCE) {
                    Run run = launcher.launch(job.id(), RunTrigger.CATCH_UP, "missed runs");
                    log.info(
                            "Job {} missed {} fire time(s); catch-up run {} {}",
                            job.id(),
                            missed.count(),
                            run.id(),
                            run.status());
                }
            } catch (UnknownJob deletedMeanwhile) {
                log.info("Job {} was deleted while its missed runs were checked", job.id());
            }
        }
    }
}
