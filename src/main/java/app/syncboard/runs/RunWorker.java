package app.syncboard.runs;

import app.syncboard.hosts.Cancellation;
import app.syncboard.hosts.Hops;
import app.syncboard.hosts.HostCommands;
import app.syncboard.hosts.SshFailure;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.core.task.TaskExecutor;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Executes accepted runs on the run threads and records how each ended, whatever happens: rsync's exit code,
 * a missing rsync, a stop of the app, or an error of syncboard itself. A periodic sweep ends runs of this node
 * that no worker holds any more, so that no run stays RUNNING for ever.
 */
@Component
class RunWorker implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(RunWorker.class);
    static final String STOPPED = "syncboard was stopped while this run was going.";
    static final String NOT_STARTED = "Not started: syncboard was stopping.";
    static final String LOST =
            "syncboard lost track of this run before it recorded the result; the outcome is unknown.";
    /** A run younger than this may be between its insert and its hand-over to a worker; the sweep leaves it. */
    static final Duration SWEEP_GRACE = Duration.ofMinutes(1);

    private final Runs runs;
    private final RunLogs logs;
    private final JobLocks locks;
    private final HostCommands commands;
    private final SyncProcedure procedure;
    private final Retries retries;
    private final BlockedPaths blockedPaths;
    private final RunSettings settings;
    private final TaskExecutor executor;
    private final ApplicationEventPublisher events;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final Map<Long, Control> controls = new ConcurrentHashMap<>();
    private volatile boolean stopping;

    RunWorker(
            Runs runs,
            RunLogs logs,
            JobLocks locks,
            HostCommands commands,
            SyncProcedure procedure,
            Retries retries,
            BlockedPaths blockedPaths,
            RunSettings settings,
            @Qualifier("runExecutor") TaskExecutor executor,
            ApplicationEventPublisher events,
            TransactionTemplate transactions,
            Clock clock) {
        this.runs = runs;
        this.logs = logs;
        this.locks = locks;
        this.commands = commands;
        this.procedure = procedure;
        this.retries = retries;
        this.blockedPaths = blockedPaths;
        this.settings = settings;
        this.executor = executor;
        this.events = events;
        this.transactions = transactions;
        this.clock = clock;
    }

    /** Queues a run that holds its job's lock; {@code plan} says what to run once a thread is free. */
    void submit(Run run, Function<Run, RunPlan> plan) {
        Control control = new Control(settings.cleanupLimit());
        controls.put(run.id(), control);
        executor.execute(() -> {
            try {
                execute(run, plan, control);
            } finally {
                controls.remove(run.id());
            }
        });
    }

    /**
     * Stops a queued or running run of this node: its command gets SIGTERM, then SIGKILL after the grace time.
     *
     * @return whether this node was running it
     */
    boolean cancel(long runId, String by) {
        Control control = controls.get(runId);
        if (control == null) {
            return false;
        }
        control.stop(RunStatus.CANCELLED, "Cancelled by " + by + ".", clock.instant());
        return true;
    }

    /** Whether the run was stopped and only its "always" post-steps may still be going. */
    boolean stopping(long runId) {
        Control control = controls.get(runId);
        return control != null && control.status != null;
    }

    /**
     * Stops the "always" post-steps of a run that was stopped already.
     *
     * @return whether this node was running such a run
     */
    boolean stopCleanup(long runId, String by) {
        Control control = controls.get(runId);
        if (control == null || control.status == null) {
            return false;
        }
        control.cleanup.cancel("Clean-up stopped by " + by + ".");
        return true;
    }

    /** Stops runs that went over their job's time limit, or stayed silent longer than its no-output limit. */
    @Scheduled(fixedDelayString = "${syncboard.limits-check-interval:PT1S}")
    void enforceLimits() {
        Instant now = clock.instant();
        controls.values().forEach(control -> control.checkLimits(now));
    }

    private void execute(Run queued, Function<Run, RunPlan> planOf, Control control) {
        LogCapture capture = logs.open(queued.id(), settings.log());
        if (stopping) {
            finish(queued, RunStatus.INTERRUPTED, null, NOT_STARTED, capture);
            return;
        }
        if (control.cancellation.isCancelled()) {
            finish(queued, control.status, null, control.message + " It had not started.", capture);
            return;
        }
        Run run = queued;
        RunStatus outcome = RunStatus.FAILED;
        Integer exit = null;
        String message;
        RunPlan plan = null;
        boolean connectionLost = false;
        SyncProcedure.Outcome result = null;
        try {
            plan = planOf.apply(run);
            run = runs.save(run.started(clock.instant(), plan.display()));
            log.info("Run {} of job {} started ({} by {})", run.id(), run.jobId(), run.trigger(), run.triggeredBy());
            control.start(clock.instant(), plan);
            result = procedure.run(
                    plan,
                    new SyncProcedure.Output(
                            line -> {
                                control.output(clock.instant());
                                capture.append(line);
                            },
                            () -> control.output(clock.instant())),
                    control.cancellation,
                    control.cleanup);
            if (control.cancellation.isCancelled()) {
                // The code of a process stopped by a signal (or of rsync whose ssh was stopped) says nothing.
                outcome = control.status;
                message = control.message;
            } else {
                outcome = result.status();
                exit = result.exit();
                message = result.message();
            }
        } catch (PausedMeanwhile e) {
            outcome = RunStatus.SKIPPED;
            message = e.getMessage();
        } catch (HostCommands.Closed e) {
            outcome = RunStatus.INTERRUPTED;
            message = NOT_STARTED;
        } catch (HostCommands.ProgramMissing | Hops.HopProblem e) {
            message = e.getMessage();
        } catch (IOException e) {
            // Stopping rsync can also close its output under the reader, or end the SSH session.
            if (control.cancellation.isCancelled()) {
                outcome = control.status;
                message = control.message;
            } else {
                connectionLost = e instanceof SshFailure failure && Retries.passes(failure.kind());
                message = e instanceof SshFailure ? e.getMessage() : "rsync could not be run: " + e.getMessage();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            outcome = RunStatus.INTERRUPTED;
            message = STOPPED;
        } catch (RuntimeException e) {
            log.error("Run {} failed unexpectedly", run.id(), e);
            outcome = stopping ? RunStatus.INTERRUPTED : RunStatus.FAILED;
            message = stopping ? STOPPED : "syncboard failed while running this job; the details are in its log.";
        }
        if (result != null) {
            run = run.withStats(result.stats());
        }
        Instant retryAt = stopping || plan == null
                ? null
                : retries.dueAt(run, plan.retry(), outcome, exit, message, connectionLost);
        finish(run.retryDue(retryAt), outcome, exit, message, capture, result == null ? null : result.blocked());
    }

    private void finish(Run run, RunStatus outcome, Integer exit, String message, LogCapture capture) {
        finish(run, outcome, exit, message, capture, null);
    }

    private void finish(
            Run run,
            RunStatus outcome,
            Integer exit,
            String message,
            LogCapture capture,
            BlockedPaths.Blocked blocked) {
        if (message != null) {
            capture.append(message);
        }
        if (run.retryDueAt() != null) {
            capture.append("Attempt " + (run.attempt() + 1) + " follows at " + run.retryDueAt() + ".");
        }
        Run finished = run.finished(outcome, exit, clock.instant(), message);
        try {
            // One transaction, so that no one sees the run finished while its lock still refuses the next one.
            transactions.executeWithoutResult(tx -> {
                logs.close(finished.id(), capture);
                runs.save(finished);
                if (blocked != null) {
                    blockedPaths.save(finished.id(), blocked.deletions(), blocked.paths());
                }
                locks.release(finished.jobId(), finished.id());
            });
            logs.release(finished.id());
        } catch (RuntimeException e) {
            logs.discard(finished.id());
            log.error("Could not record the end of run {} ({}); the sweep will mark it", run.id(), outcome, e);
            return;
        }
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

    /** Ends runs of this node that are active in the database but held by no worker (a lost final write). */
    @Scheduled(initialDelayString = "PT1M", fixedDelayString = "PT1M")
    void sweep() {
        Instant now = clock.instant();
        for (Run run : runs.activeOnNode(settings.node())) {
            if (!controls.containsKey(run.id()) && run.queuedAt().isBefore(now.minus(SWEEP_GRACE))) {
                transactions.executeWithoutResult(tx -> {
                    runs.save(run.finished(RunStatus.INTERRUPTED, null, now, LOST));
                    locks.release(run.jobId(), run.id());
                });
                log.warn(
                        "Run {} of job {} was {} without a worker; marked INTERRUPTED",
                        run.id(),
                        run.jobId(),
                        run.status());
            }
        }
    }

    /** At shutdown: rsync is stopped, and queued runs end as INTERRUPTED without starting. */
    @Override
    public void destroy() {
        stopping = true;
        controls.values().forEach(control -> {
            control.stop(RunStatus.INTERRUPTED, STOPPED, clock.instant());
            control.cleanup.cancel(STOPPED);
        });
        commands.stopAll();
    }

    /** How a run is stopped before its command ends by itself, and the clock readings its limits are checked on. */
    private static final class Control {

        final Cancellation cancellation = new Cancellation();
        /** Stops the "always" post-steps that run after {@link #cancellation} stopped the run. */
        final Cancellation cleanup = new Cancellation();

        private final Duration cleanupLimit;
        private volatile Instant stoppedAt;

        Control(Duration cleanupLimit) {
            this.cleanupLimit = cleanupLimit;
        }

        volatile RunStatus status;
        volatile String message;
        private volatile Instant started;
        private volatile Instant lastOutput;
        private volatile Duration timeout;
        private volatile Duration noOutputTimeout;

        void start(Instant now, RunPlan plan) {
            timeout = plan.timeout();
            noOutputTimeout = plan.noOutputTimeout();
            lastOutput = now;
            started = now;
        }

        void output(Instant now) {
            lastOutput = now;
        }

        /** Stops the run; its "always" post-steps still run, under {@link #cleanup}. Once is enough. */
        void stop(RunStatus why, String text, Instant now) {
            synchronized (this) {
                if (status != null) {
                    return;
                }
                status = why;
                message = text;
                stoppedAt = now;
            }
            cancellation.cancel(text);
        }

        void checkLimits(Instant now) {
            Instant since = started;
            if (since == null) {
                return;
            }
            Instant stopped = stoppedAt;
            if (stopped != null) {
                if (now.isAfter(stopped.plus(cleanupLimit))) {
                    cleanup.cancel("The clean-up steps went over " + Durations.text(cleanupLimit) + ".");
                }
                return;
            }
            if (timeout != null && now.isAfter(since.plus(timeout))) {
                stop(
                        RunStatus.TIMED_OUT,
                        "Stopped: the run went over its time limit of " + Durations.text(timeout) + ".",
                        now);
            } else if (noOutputTimeout != null && now.isAfter(lastOutput.plus(noOutputTimeout))) {
                stop(
                        RunStatus.TIMED_OUT,
                        "Stopped: rsync printed nothing for " + Durations.text(noOutputTimeout)
                                + " (the job's no-output limit).",
                        now);
            }
        }
    }
}
