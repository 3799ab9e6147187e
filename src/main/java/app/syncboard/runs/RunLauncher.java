package app.syncboard.runs;

import app.syncboard.hosts.Host;
import app.syncboard.hosts.Hosts;
import app.syncboard.hosts.Pair;
import app.syncboard.hosts.Pairs;
import app.syncboard.jobs.RsyncCommand;
import app.syncboard.jobs.SyncJob;
import app.syncboard.jobs.SyncJobDue;
import app.syncboard.jobs.SyncJobs;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.core.task.TaskExecutor;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Turns a trigger (schedule, "Sync now", API) into a run: records it, refuses it as SKIPPED while another
 * run of the job holds the lock, and otherwise executes rsync on a worker thread.
 */
@Service
public class RunLauncher implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(RunLauncher.class);
    private static final DateTimeFormatter SINCE =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

    private final SyncJobs jobs;
    private final Pairs pairs;
    private final Hosts hosts;
    private final Runs runs;
    private final RunLogs logs;
    private final JobLocks locks;
    private final LocalProcesses processes;
    private final RunSettings settings;
    private final TaskExecutor executor;
    private final ApplicationEventPublisher events;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private volatile boolean stopping;

    RunLauncher(
            SyncJobs jobs,
            Pairs pairs,
            Hosts hosts,
            Runs runs,
            RunLogs logs,
            JobLocks locks,
            LocalProcesses processes,
            RunSettings settings,
            @Qualifier("runExecutor") TaskExecutor executor,
            ApplicationEventPublisher events,
            TransactionTemplate transactions,
            Clock clock) {
        this.jobs = jobs;
        this.pairs = pairs;
        this.hosts = hosts;
        this.runs = runs;
        this.logs = logs;
        this.locks = locks;
        this.processes = processes;
        this.settings = settings;
        this.executor = executor;
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
        SyncJob job = jobs.findById(jobId).orElseThrow(() -> new UnknownJob(jobId));
        String node = settings.node();
        Run run = runs.save(Run.queued(job.id(), trigger, triggeredBy, node, clock.instant()));
        Optional<JobLocks.Holder> holder = locks.tryAcquire(job.id(), run.id(), node, clock.instant());
        if (holder.isPresent()) {
            JobLocks.Holder other = holder.get();
            Run skipped = runs.save(run.skipped(
                    clock.instant(),
                    "Already running since " + SINCE.format(other.since()) + " (run #" + other.runId() + " on "
                            + other.node() + ")."));
            log.warn("Run {} of job \"{}\" SKIPPED: {}", skipped.id(), job.name(), skipped.message());
            events.publishEvent(new RunFinished(skipped));
            return skipped;
        }
        executor.execute(() -> execute(run));
        return run;
    }

    @EventListener
    void onDue(SyncJobDue due) {
        Optional<SyncJob> job = jobs.findById(due.jobId()).filter(SyncJob::enabled);
        if (job.isPresent()) {
            launch(due.jobId(), RunTrigger.SCHEDULE, "schedule");
        } else {
            log.warn("Schedule fired for job {}, which is gone or disabled; nothing started", due.jobId());
        }
    }

    private void execute(Run queued) {
        Run run = queued;
        LogCapture capture = logs.open(run.id(), settings.log());
        RunStatus outcome = RunStatus.FAILED;
        Integer exit = null;
        String message;
        try {
            RsyncCommand command = commandFor(run.jobId());
            run = runs.save(run.started(clock.instant(), command.display()));
            log.info("Run {} of job {} started ({} by {})", run.id(), run.jobId(), run.trigger(), run.triggeredBy());
            capture.append("$ " + command.display());
            exit = processes.run(command.arguments(), capture::append);
            if (stopping) {
                outcome = RunStatus.INTERRUPTED;
                message = "syncboard was stopped while this run was going.";
            } else {
                outcome = exit == 0 ? RunStatus.SUCCEEDED : RunStatus.FAILED;
                message = exit == 0 ? null : RsyncExitCodes.describe(exit);
            }
        } catch (LocalProcesses.ProgramNotFound e) {
            message = e.getMessage();
        } catch (IOException e) {
            message = "rsync could not be started: " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            outcome = RunStatus.INTERRUPTED;
            message = "syncboard was stopped while this run was going.";
        } catch (RuntimeException e) {
            log.error("Run {} failed unexpectedly", run.id(), e);
            message = "Internal error while running: " + e.getMessage();
        }
        if (message != null) {
            capture.append(message);
        }
        Run finished = run.finished(outcome, exit, clock.instant(), message);
        // One transaction, so that no one sees the run finished while its lock still refuses the next one.
        transactions.executeWithoutResult(tx -> {
            logs.close(finished.id(), capture);
            runs.save(finished);
            locks.release(finished.jobId(), finished.id());
        });
        if (finished.status() == RunStatus.SUCCEEDED) {
            log.info(
                    "Run {} of job {} SUCCEEDED in {}",
                    finished.id(),
                    finished.jobId(),
                    Duration.between(finished.startedAt(), finished.finishedAt()));
        } else {
            log.warn("Run {} of job {} {}: {}", finished.id(), finished.jobId(), finished.status(), finished.message());
        }
        events.publishEvent(new RunFinished(finished));
    }

    private RsyncCommand commandFor(long jobId) {
        return commandFor(jobs.findById(jobId).orElseThrow(() -> new UnknownJob(jobId)));
    }

    /** The command a run of the job would execute now. */
    RsyncCommand commandFor(SyncJob job) {
        Pair pair = pairs.findById(job.pairId()).orElseThrow();
        Host primary = hosts.findById(pair.primaryHostId()).orElseThrow();
        Host standby = hosts.findById(pair.standbyHostId()).orElseThrow();
        return RsyncCommand.of(settings.rsyncCommand(), job, pair, primary, standby);
    }

    @Override
    public void destroy() {
        stopping = true;
        processes.stopAll();
    }
}
