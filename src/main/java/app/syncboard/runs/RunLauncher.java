package app.syncboard.runs;

import app.syncboard.hosts.Hops;
import app.syncboard.hosts.Host;
import app.syncboard.hosts.Hosts;
import app.syncboard.hosts.Pair;
import app.syncboard.hosts.Pairs;
import app.syncboard.jobs.JobCatalog;
import app.syncboard.jobs.RsyncCommand;
import app.syncboard.jobs.SyncJob;
import app.syncboard.jobs.SyncJobDue;
import app.syncboard.jobs.SyncJobs;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Turns a trigger (schedule, "Sync now", API) into a run: records it, refuses it as SKIPPED while another
 * run of the job holds the lock, and otherwise hands it to the {@link RunWorker}.
 */
@Service
public class RunLauncher {

    private static final Logger log = LoggerFactory.getLogger(RunLauncher.class);
    private static final DateTimeFormatter SINCE =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

    /** How long a retry that could not be launched waits before the next try. */
    private static final Duration RETRY_AGAIN = Duration.ofMinutes(1);

    private final SyncJobs jobs;
    private final Pairs pairs;
    private final Hosts hosts;
    private final Hops hops;
    private final Runs runs;
    private final JobLocks locks;
    private final RunWorker worker;
    private final JobCatalog catalog;
    private final FireTimeLedger ledger;
    private final BlockedPaths blockedPaths;
    private final RunSettings settings;
    private final ApplicationEventPublisher events;
    private final TransactionTemplate transactions;
    private final Clock clock;

    RunLauncher(
            SyncJobs jobs,
            Pairs pairs,
            Hosts hosts,
            Hops hops,
            Runs runs,
            JobLocks locks,
            RunWorker worker,
            JobCatalog catalog,
            FireTimeLedger ledger,
            BlockedPaths blockedPaths,
            RunSettings settings,
            ApplicationEventPublisher events,
            TransactionTemplate transactions,
            Clock clock) {
        this.jobs = jobs;
        this.pairs = pairs;
        this.hosts = hosts;
        this.hops = hops;
        this.runs = runs;
        this.locks = locks;
        this.worker = worker;
        this.catalog = catalog;
        this.ledger = ledger;
        this.blockedPaths = blockedPaths;
        this.settings = settings;
        this.events = events;
        this.transactions = transactions;
        this.clock = clock;
    }

    /**
     * Starts a run of the job, or records why it cannot start now.
     *
     * @return the run as recorded: QUEUED (it goes on in the background) or SKIPPED
     * @throws UnknownJob when there is no such job
     */
    public Run launch(long jobId, RunTrigger trigger, String triggeredBy) {
        return launch(jobId, trigger, triggeredBy, null);
    }

    /**
     * @param previous the run this one retries (RETRY) or approves (APPROVAL), else null
     * @return the run, or null for a retry that another node took first
     * @throws ApprovalRefused when an approval came too late or twice
     */
    private Run launch(long jobId, RunTrigger trigger, String triggeredBy, Run previous) {
        String node = settings.node();
        AtomicReference<BlockedPaths.Blocked> approved = new AtomicReference<>();
        // The run and its lock in one transaction, with the job's row locked so that a deletion cannot interleave.
        Run run = transactions.execute(tx -> {
            if (!locks.holdJob(jobId)) {
                throw new UnknownJob(jobId);
            }
            // Taking a retry in this transaction: if anything below fails, the retry stays due.
            if (trigger == RunTrigger.RETRY && runs.takeRetry(previous.id()) == 0) {
                return null;
            }
            Run queued = Run.queued(jobId, trigger, triggeredBy, node, clock.instant());
            if (previous != null && trigger == RunTrigger.RETRY) {
                queued = queued.retryOf(previous.firstAttemptId(), previous.attempt() + 1);
            }
            queued = runs.save(queued);
            SyncJob job = jobs.findById(jobId).orElseThrow(() -> new UnknownJob(jobId));
            Pair pair = pairs.findById(job.pairId()).orElseThrow();
            Optional<String> refused = refusal(job, pair, trigger);
            if (refused.isPresent()) {
                return runs.save(queued.skipped(clock.instant(), refused.get()));
            }
            if (pair.oneRunAtATime()) {
                locks.holdPair(pair.id());
            }
            Optional<JobLocks.Holder> holder = locks.tryAcquire(jobId, queued.id(), node, clock.instant());
            if (holder.isEmpty() && pair.oneRunAtATime()) {
                holder = locks.otherOnPair(pair.id(), jobId);
                if (holder.isPresent()) {
                    locks.release(jobId, queued.id());
                }
            }
            if (holder.isEmpty()) {
                if (trigger == RunTrigger.APPROVAL && runs.markApproved(previous.id(), triggeredBy, queued.id()) == 0) {
                    throw new ApprovalRefused("Run #" + previous.id() + " was approved already.");
                }
                return queued;
            }
            JobLocks.Holder other = holder.get();
            return runs.save(queued.skipped(
                    clock.instant(),
                    "Already running since " + SINCE.format(other.since()) + " (run #" + other.runId()
                            + (other.jobId() == jobId ? "" : " of job " + other.jobName()) + " on " + other.node()
                            + ")."));
        });
        if (run == null) {
            return null;
        }
        RunAudit.launched(run, events);
        if (run.status() == RunStatus.SKIPPED) {
            log.warn("Run {} of job {} SKIPPED: {}", run.id(), jobId, run.message());
            events.publishEvent(new RunFinished(run));
        } else {
            RunPlan.Approval approval = trigger == RunTrigger.APPROVAL
                    ? new RunPlan.Approval(
                            previous.id(), blockedPaths.of(previous.id()).orElseThrow())
                    : null;
            worker.submit(run, queued -> {
                SyncJob job = jobs.findById(queued.jobId()).orElseThrow(() -> new UnknownJob(queued.jobId()));
                RunPlan plan = planFor(job, approval);
                // Paused while this run waited for a free thread (a role switch pauses its pair): the
                // sides in the plan may be the new ones, which nobody has confirmed yet.
                Pair pair = pairs.findById(job.pairId()).orElseThrow();
                if (pair.isPaused()) {
                    throw new PausedMeanwhile("The pair " + pair.name() + " was paused before this run" + " started: "
                            + pair.pausedReason() + " Nothing was copied.");
                }
                return plan;
            });
        }
        return run;
    }

    /**
     * Why a run of the job may not start now: its pair is paused, or (for the triggers nobody typed) the job's
     * schedule is paused or the time is outside the start window or in a blackout.
     */
    private Optional<String> refusal(SyncJob job, Pair pair, RunTrigger trigger) {
        if (pair.isPaused()) {
            return Optional.of("The pair " + pair.name() + " is paused: " + pair.pausedReason());
        }
        if ((trigger == RunTrigger.CATCH_UP || trigger == RunTrigger.RETRY) && !job.enabled()) {
            return Optional.of(
                    "The job's schedule is paused" + (job.pausedReason() == null ? "." : ": " + job.pausedReason()));
        }
        if (trigger == RunTrigger.SCHEDULE || trigger == RunTrigger.CATCH_UP || trigger == RunTrigger.RETRY) {
            return job.timeRules()
                    .refusal(clock.instant().atZone(job.cronSchedule().zone()));
        }
        return Optional.empty();
    }

    /**
     * Carries out the deletions a BLOCKED run refused, once: a new run whose own dry run must find those same
     * deletions (or fewer), or it is BLOCKED again.
     *
     * @return the new run (QUEUED, or SKIPPED when another run is going)
     * @throws ApprovalRefused when the run is not BLOCKED, was approved already, or is no longer the job's latest word
     */
    public Run approve(long blockedRunId, String by) {
        Run blocked = runs.findById(blockedRunId).orElseThrow(() -> new ApprovalRefused("No such run."));
        if (blocked.status() != RunStatus.BLOCKED) {
            throw new ApprovalRefused("Run #" + blockedRunId + " was not blocked; there is nothing to approve.");
        }
        if (blocked.approvedRunId() != null) {
            throw new ApprovalRefused("Run #" + blockedRunId + " was approved already by " + blocked.approvedBy()
                    + " (run #" + blocked.approvedRunId() + ").");
        }
        Optional<Long> later = runs.laterResult(blocked.jobId(), blockedRunId);
        if (later.isPresent()) {
            throw new ApprovalRefused("Run #" + later.get() + " of this job ran after run #" + blockedRunId
                    + "; what this run found is out of date.");
        }
        SyncJob job = jobs.findById(blocked.jobId()).orElseThrow(() -> new UnknownJob(blocked.jobId()));
        String now;
        try {
            now = RsyncCommand.display(commandsFor(job));
        } catch (Hops.HopProblem e) {
            throw new ApprovalRefused("The job cannot run as configured: " + e.getMessage());
        }
        if (!now.equals(blocked.commandLine())) {
            // Another path, option, host or direction (a failover): what the run found no longer applies.
            throw new ApprovalRefused("The job's commands changed after run #" + blockedRunId
                    + " was blocked; start it again to see what it would delete now.");
        }
        return launch(blocked.jobId(), RunTrigger.APPROVAL, by, blocked);
    }

    /** An approval that cannot be carried out; the message says why, for the operator. */
    public static final class ApprovalRefused extends RuntimeException {
        ApprovalRefused(String message) {
            super(message);
        }
    }

    /** Starts the retries whose time has come; each is taken by one node only. */
    @Scheduled(fixedDelayString = "${syncboard.retry-check-interval:PT1S}")
    void launchDueRetries() {
        for (Run failed : runs.retriesDue(clock.instant())) {
            try {
                launch(failed.jobId(), RunTrigger.RETRY, "retry of run #" + failed.firstAttemptId(), failed);
            } catch (UnknownJob gone) {
                log.info("Retry of run {} dropped: its job is gone", failed.id());
            } catch (RuntimeException e) {
                runs.postponeRetry(failed.id(), clock.instant().plus(RETRY_AGAIN));
                log.warn("Retry of run {} could not start; trying again in {}", failed.id(), RETRY_AGAIN, e);
            }
        }
    }

    /** A fire time is run once the ledger takes it: not when it was recorded as missed already. */
    @EventListener
    void onDue(SyncJobDue due) {
        try {
            if (ledger.claim(due.jobId(), due.scheduledFireTime())) {
                launch(due.jobId(), RunTrigger.SCHEDULE, "schedule");
            }
        } catch (UnknownJob deletedMeanwhile) {
            log.warn("Schedule fired for job {}, which was deleted meanwhile; nothing started", due.jobId());
        }
    }

    /**
     * Deletes a job with its runs and logs, unless one of its runs is queued or going.
     *
     * @return the run that prevented it, or empty when the job is deleted
     */
    public Optional<Run> deleteJob(long jobId) {
        return transactions.execute(tx -> {
            if (!locks.holdJob(jobId)) {
                throw new UnknownJob(jobId);
            }
            Optional<Run> active = runs.activeOfJob(jobId);
            if (active.isEmpty()) {
                catalog.delete(jobs.findById(jobId).orElseThrow(() -> new UnknownJob(jobId)));
            }
            return active;
        });
    }

    /** Whether the run was stopped here and only its "always" post-steps may still be going. */
    public boolean stopping(long runId) {
        return worker.stopping(runId);
    }

    /** Stops the "always" post-steps of a stopped run; false when there is no such run on this node. */
    public boolean stopCleanup(long runId, String by) {
        return worker.stopCleanup(runId, by);
    }

    /** Asks this node to stop a queued or running run; false when it is not running here (or has ended). */
    public boolean cancel(long runId, String by) {
        return worker.cancel(runId, by);
    }

    /** The rsync invocations a run of the job would execute now. */
    public List<RsyncCommand> commandsFor(SyncJob job) {
        Sides sides = sidesOf(job);
        return RsyncCommand.all(settings.rsyncCommand(), job, sides.pair(), sides.route());
    }

    private RunPlan planFor(SyncJob job, RunPlan.Approval approval) {
        Sides sides = sidesOf(job);
        return new RunPlan(
                RsyncCommand.all(settings.rsyncCommand(), job, sides.pair(), sides.route()),
                job.timeout().orElse(null),
                job.noOutputTimeout().orElse(null),
                sides.primary(),
                sides.standby(),
                sides.pair().primaryPath(),
                sides.pair().roleMarkerPath(),
                sides.route(),
                job.checks(),
                job.steps(),
                job.deleteExtraneous() && job.guard().enabled() ? job.guard() : null,
                approval,
                job.retry());
    }

    /** The job's pair as it is now: which host is primary and which standby, and how rsync goes between them. */
    private record Sides(Pair pair, Host primary, Host standby, Hops.Route route) {}

    private Sides sidesOf(SyncJob job) {
        Pair pair = pairs.findById(job.pairId()).orElseThrow();
        Host primary = hosts.findById(pair.primaryHostId()).orElseThrow();
        Host standby = hosts.findById(pair.standbyHostId()).orElseThrow();
        return new Sides(pair, primary, standby, hops.route(pair, primary, standby, job.direction()));
    }
}
