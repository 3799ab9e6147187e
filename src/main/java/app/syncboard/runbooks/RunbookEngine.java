package app.syncboard.runbooks;

import app.syncboard.audit.AuditEvent;
import app.syncboard.audit.AuditEvent.Outcome;
import app.syncboard.hosts.Cancellation;
import app.syncboard.hosts.Hops;
import app.syncboard.hosts.Host;
import app.syncboard.hosts.HostCommands;
import app.syncboard.hosts.Hosts;
import app.syncboard.hosts.Pair;
import app.syncboard.hosts.PairRoles;
import app.syncboard.hosts.Pairs;
import app.syncboard.hosts.RoleMarkers;
import app.syncboard.jobs.RsyncCommand;
import app.syncboard.jobs.SyncJob;
import app.syncboard.jobs.SyncJobs;
import app.syncboard.notify.FailoverNotice;
import app.syncboard.runbooks.RunbookStep.Kind;
import app.syncboard.runs.Run;
import app.syncboard.runs.RunHistory;
import app.syncboard.runs.RunLauncher;
import app.syncboard.runs.RunStatus;
import app.syncboard.runs.RunTrigger;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Carries out runbooks with the people who start them: step after step on a thread of the execution's own, each
 * step's status, exit code, times and output stored as it goes. A manual step waits for Done; a failed step (whose
 * policy is to stop) halts the execution until someone retries it, skips it with a reason, or aborts. Everything is
 * in the database, so a restart finds a waiting step still waiting and marks a step that was running as interrupted.
 * One execution per pair at a time (a row lock in {@code runbook_pair_lock}).
 *
 * <p>A rehearsal walks the same steps without changing anything: it runs the steps that say they change nothing,
 * checks for the others that their host answers and their program exists, and shows what it would run.
 */
@Service
public class RunbookEngine implements SmartInitializingSingleton, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(RunbookEngine.class);
    private static final Duration LOG_FLUSH = Duration.ofSeconds(1);
    private static final Duration SYNC_POLL = Duration.ofMillis(500);
    /** How long a rehearsal's check on a host (a program there, a marker) may take. */
    private static final Duration CHECK_LIMIT = Duration.ofMinutes(1);

    private static final Duration STOP_WAIT = Duration.ofSeconds(10);
    private static final Pattern ASSIGNMENT = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*=.*");

    /** Refused before anything was done; the message says why, for the person who asked. */
    public static final class Refused extends RuntimeException {
        public Refused(String message) {
            super(message);
        }
    }

    private final Runbooks runbooks;
    private final Executions executions;
    private final Pairs pairs;
    private final Hosts hosts;
    private final PairRoles roles;
    private final RoleMarkers markers;
    private final HostCommands commands;
    private final SyncJobs jobs;
    private final RunLauncher launcher;
    private final RunHistory history;
    private final ApplicationEventPublisher events;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final ExecutorService workers = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "runbook");
        thread.setDaemon(true);
        return thread;
    });
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "runbook-timer");
        thread.setDaemon(true);
        return thread;
    });
    private final Map<Long, Cancellation> running = new ConcurrentHashMap<>();
    private final Map<Long, Future<?>> walking = new ConcurrentHashMap<>();

    RunbookEngine(
            Runbooks runbooks,
            Executions executions,
            Pairs pairs,
            Hosts hosts,
            PairRoles roles,
            RoleMarkers markers,
            HostCommands commands,
            SyncJobs jobs,
            RunLauncher launcher,
            RunHistory history,
            ApplicationEventPublisher events,
            TransactionTemplate transactions,
            Clock clock) {
        this.runbooks = runbooks;
        this.executions = executions;
        this.pairs = pairs;
        this.hosts = hosts;
        this.roles = roles;
        this.markers = markers;
        this.commands = commands;
        this.jobs = jobs;
        this.launcher = launcher;
        this.history = history;
        this.events = events;
        this.transactions = transactions;
        this.clock = clock;
    }

    /**
     * Starts the runbook for real. The person types the pair's name to confirm which pair's roles may change.
     *
     * @throws Refused when the typed name is not the pair's, the pair has an execution under way, or the runbook no
     *     longer fits the pair (a job it names was deleted)
     */
    public Execution start(long runbookId, String typedPairName, String by) {
        Runbook runbook = runbook(runbookId);
        Pair pair = pairs.findById(runbook.pairId()).orElseThrow();
        if (typedPairName == null || !typedPairName.strip().equals(pair.name())) {
            throw new Refused("Type the pair's name, " + pair.name() + ", to start this runbook; nothing was started.");
        }
        return begin(runbook, pair, false, by);
    }

    /** Walks the runbook without changing anything; see the class comment. */
    public Execution rehearse(long runbookId, String by) {
        Runbook runbook = runbook(runbookId);
        return begin(runbook, pairs.findById(runbook.pairId()).orElseThrow(), true, by);
    }

    /**
     * Completes the manual step the execution waits at, with an optional comment; the execution goes on.
     *
     * @throws Refused when the execution does not wait at that step (done by someone else already, say)
     */
    public Execution done(long executionId, int position, String comment, String by) {
        Execution execution = execution(executionId);
        String note = comment == null || comment.isBlank() ? null : comment.strip();
        boolean moved = transactions.execute(status -> {
            if (!executions.transition(
                    executionId, ExecutionStatus.WAITING, position, ExecutionStatus.RUNNING, position + 1, null)) {
                return false;
            }
            executions.stepStatus(executionId, position, StepStatus.SUCCEEDED, null, clock.instant());
            executions.stepNote(executionId, position, note, by);
            return true;
        });
        if (!moved) {
            throw new Refused("Step " + (position + 1) + " of execution #" + executionId
                    + " is not waiting for Done (any more); reload the page.");
        }
        walk(executionId);
        return execution(executionId);
    }

    /**
     * Runs the halted step again.
     *
     * @throws Refused when the execution is not halted
     */
    public Execution retry(long executionId, String by) {
        Execution execution = execution(executionId);
        Integer step = execution.currentStep();
        if (execution.status() != ExecutionStatus.HALTED
                || step == null
                || !executions.transition(
                        executionId, ExecutionStatus.HALTED, step, ExecutionStatus.RUNNING, step, null)) {
            throw new Refused("Execution #" + executionId + " is not halted at a failed step; nothing to retry.");
        }
        walk(executionId);
        return execution(executionId);
    }

    /**
     * Skips the halted step (or the manual step it waits at), for a reason that is kept with it; the execution goes
     * on with the next step.
     *
     * @throws Refused without a reason, or when the execution is neither halted nor waiting
     */
    public Execution skip(long executionId, String reason, String by) {
        if (reason == null || reason.isBlank()) {
            throw new Refused("Say why the step is skipped; the reason is kept with the step.");
        }
        Execution execution = execution(executionId);
        Integer step = execution.currentStep();
        ExecutionStatus from = execution.status();
        boolean moved = step != null
                && (from == ExecutionStatus.HALTED || from == ExecutionStatus.WAITING)
                && Boolean.TRUE.equals(transactions.execute(status -> {
                    if (!executions.transition(executionId, from, step, ExecutionStatus.RUNNING, step + 1, null)) {
                        return false;
                    }
                    executions.stepStatus(executionId, step, StepStatus.SKIPPED, null, clock.instant());
                    executions.stepNote(executionId, step, reason.strip(), by);
                    return true;
                }));
        if (!moved) {
            throw new Refused("Execution #" + executionId + " is not halted or waiting; nothing to skip.");
        }
        walk(executionId);
        return execution(executionId);
    }

    /**
     * Ends the execution where it stands: a running command is stopped, the remaining steps are not carried out,
     * and the pair is free for another execution. What the steps did so far stays done.
     *
     * @throws Refused when the execution has ended already
     */
    public Execution abort(long executionId, String reason, String by) {
        Execution execution = execution(executionId);
        if (!execution.status().isActive()) {
            throw new Refused("Execution #" + executionId + " has ended already.");
        }
        String why = "Aborted by " + by + (reason == null || reason.isBlank() ? "." : ": " + reason.strip());
        Integer step = execution.currentStep();
        boolean ended = Boolean.TRUE.equals(transactions.execute(status -> {
            if (!executions.transition(
                    executionId, execution.status(), step, ExecutionStatus.ABORTED, null, why, clock.instant())) {
                return false;
            }
            if (step != null) {
                executions
                        .step(executionId, step)
                        .filter(s -> s.status() == StepStatus.RUNNING || s.status() == StepStatus.WAITING)
                        .ifPresent(s -> {
                            executions.stepStatus(executionId, step, StepStatus.FAILED, null, clock.instant());
                            executions.stepNote(executionId, step, why, by);
                        });
            }
            executions.unlockPair(execution.pairId(), executionId);
            return true;
        }));
        if (!ended) {
            throw new Refused("Execution #" + executionId + " changed meanwhile; reload the page and try again.");
        }
        Cancellation cancellation = running.get(executionId);
        if (cancellation != null) {
            cancellation.cancel(why);
        }
        if (step != null) {
            // A sync step's run goes on by itself: stop it too.
            executions
                    .step(executionId, step)
                    .map(ExecutionStep::runId)
                    .flatMap(history::find)
                    .filter(Run::isActive)
                    .ifPresent(run -> launcher.cancel(run.id(), by));
        }
        Future<?> walker = walking.get(executionId);
        if (walker != null) {
            walker.cancel(true);
        }
        ended(execution, "ABORTED", why);
        return execution(executionId);
    }

    /** After a restart: a step that was running is marked interrupted, its execution halted (retry, skip or abort). */
    @Override
    public void afterSingletonsInstantiated() {
        for (Execution execution : executions.active()) {
            if (execution.status() != ExecutionStatus.RUNNING || execution.currentStep() == null) {
                continue;
            }
            int step = execution.currentStep();
            String message = "syncboard stopped while step " + (step + 1) + " ran; its outcome is unknown."
                    + " Retry it, skip it or abort.";
            if (execution.rehearsal()) {
                message = "syncboard stopped during this rehearsal.";
            }
            executions
                    .step(execution.id(), step)
                    .filter(s -> s.status() == StepStatus.RUNNING)
                    .ifPresent(s -> executions.stepStatus(execution.id(), step, StepStatus.INTERRUPTED, null, null));
            if (execution.rehearsal()) {
                executions.transition(
                        execution.id(),
                        ExecutionStatus.RUNNING,
                        step,
                        ExecutionStatus.ABORTED,
                        null,
                        message,
                        clock.instant());
                executions.unlockPair(execution.pairId(), execution.id());
            } else {
                executions.transition(
                        execution.id(), ExecutionStatus.RUNNING, step, ExecutionStatus.HALTED, step, message);
            }
            log.warn(
                    "Runbook execution #{} ({}) was running step {} when syncboard stopped: {}",
                    execution.id(),
                    execution.runbookName(),
                    step + 1,
                    message);
        }
    }

    @Override
    public void destroy() {
        running.values().forEach(c -> c.cancel("syncboard is stopping"));
        workers.shutdownNow();
        timer.shutdownNow();
        // The steps that were stopped record so while the database is still there.
        try {
            if (!workers.awaitTermination(STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                log.warn("Runbook steps still running after {}; the next start marks them interrupted.", STOP_WAIT);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Execution begin(Runbook runbook, Pair pair, boolean rehearsal, String by) {
        List<RunbookYaml.Problem> problems = runbooks.check(pair.id(), runbook.id(), runbook.steps());
        if (!problems.isEmpty()) {
            throw new Refused("The runbook no longer fits the pair; edit it first: " + problems.get(0));
        }
        RunbookDefinition definition = runbook.definition();
        Instant now = clock.instant();
        Long id = transactions.execute(status -> {
            long created = executions.insert(runbook, runbook.steps(), rehearsal, by, now);
            if (!executions.lockPair(pair.id(), created)) {
                status.setRollbackOnly();
                return null;
            }
            for (int i = 0; i < definition.steps().size(); i++) {
                executions.insertStep(created, i, definition.steps().get(i));
            }
            return created;
        });
        if (id == null) {
            String other = executions
                    .activeOfPair(pair.id())
                    .map(e -> " (#" + e.id() + ", " + e.runbookName() + ", started by " + e.startedBy() + ")")
                    .orElse("");
            throw new Refused("An execution of a runbook of pair " + pair.name() + " is under way" + other
                    + "; only one at a time. Finish or abort it first.");
        }
        Execution execution = execution(id);
        if (!rehearsal) {
            events.publishEvent(FailoverNotice.started(pair.id(), runbook.name(), by, null, pagePath(id), now));
        }
        walk(id);
        return execution;
    }

    private void walk(long executionId) {
        java.util.concurrent.CompletableFuture<Future<?>> self = new java.util.concurrent.CompletableFuture<>();
        Future<?> walker = workers.submit(() -> {
            try {
                advance(executionId);
            } catch (RuntimeException | Error e) {
                log.error("Runbook execution #{} stopped by an error", executionId, e);
                try {
                    halt(
                            executionId,
                            "syncboard could not go on with this execution; the details are in the server"
                                    + " log. Retry the step, skip it or abort.");
                } catch (RuntimeException again) {
                    log.error("Runbook execution #{} could not be halted either", executionId, again);
                }
            } finally {
                // Only this walker's own entry: a Done or Retry just now may have started the next one.
                walking.remove(executionId, self.join());
            }
        });
        walking.put(executionId, walker);
        self.complete(walker);
    }

    /** Carries out steps from the current one until the execution waits, halts or ends. */
    private void advance(long executionId) {
        while (!Thread.currentThread().isInterrupted()) {
            Execution execution = execution(executionId);
            if (execution.status() != ExecutionStatus.RUNNING) {
                return;
            }
            List<RunbookStep> steps = execution.definition().steps();
            int index = execution.currentStep();
            if (index >= steps.size()) {
                finish(execution);
                return;
            }
            RunbookStep step = steps.get(index);
            StepStatus result = perform(execution, index, step);
            if (Thread.currentThread().isInterrupted()) {
                return;
            }
            if (result == StepStatus.WAITING) {
                executions.transition(
                        executionId, ExecutionStatus.RUNNING, index, ExecutionStatus.WAITING, index, null);
                return;
            }
            boolean goOn =
                    !result.failed() || step.onFailure() == RunbookStep.OnFailure.CONTINUE || execution.rehearsal();
            if (goOn) {
                if (!executions.transition(
                        executionId, ExecutionStatus.RUNNING, index, ExecutionStatus.RUNNING, index + 1, null)) {
                    return;
                }
                continue;
            }
            String message = "Step " + (index + 1) + " (" + step.title() + ") " + text(result)
                    + ". Retry it, skip it with a reason, or abort.";
            executions.transition(executionId, ExecutionStatus.RUNNING, index, ExecutionStatus.HALTED, index, message);
            audit(
                    execution.startedBy(),
                    "runbook.step",
                    execution,
                    Outcome.FAILED,
                    message,
                    stepLine(execution, index));
            return;
        }
    }

    private void finish(Execution execution) {
        List<ExecutionStep> steps = executions.steps(execution.id());
        long failed = steps.stream().filter(s -> s.status().failed()).count();
        ExecutionStatus outcome =
                execution.rehearsal() && failed > 0 ? ExecutionStatus.FAILED : ExecutionStatus.SUCCEEDED;
        String message = execution.rehearsal()
                ? (failed == 0
                        ? "Rehearsal done: every step could be carried out."
                        : "Rehearsal done: " + failed + " of " + steps.size() + " steps would fail.")
                : (failed == 0
                        ? "Every step done."
                        : "Done; " + failed + " step(s) failed and the runbook went on as they say.");
        Instant now = clock.instant();
        Boolean ended = transactions.execute(status -> {
            int last = execution.currentStep();
            if (!executions.transition(execution.id(), ExecutionStatus.RUNNING, last, outcome, null, message, now)) {
                return false;
            }
            executions.unlockPair(execution.pairId(), execution.id());
            if (execution.rehearsal()) {
                runbooks.markRehearsed(execution.runbookId(), now);
            } else {
                runbooks.markExecuted(execution.runbookId(), now);
            }
            return true;
        });
        if (Boolean.TRUE.equals(ended)) {
            audit(
                    execution.startedBy(),
                    execution.rehearsal() ? "runbook.rehearsal-end" : "runbook.end",
                    execution,
                    outcome == ExecutionStatus.SUCCEEDED ? Outcome.SUCCESS : Outcome.FAILED,
                    null,
                    message);
            ended(execution, outcome.name(), message);
        }
    }

    private void ended(Execution execution, String outcome, String message) {
        if (!execution.rehearsal()) {
            events.publishEvent(FailoverNotice.finished(
                    execution.pairId(),
                    execution.runbookName(),
                    execution.startedBy(),
                    outcome,
                    message,
                    pagePath(execution.id()),
                    clock.instant()));
        }
    }

    private void halt(long executionId, String message) {
        Execution execution = execution(executionId);
        if (execution.status() == ExecutionStatus.RUNNING && execution.currentStep() != null) {
            int step = execution.currentStep();
            transactions.executeWithoutResult(status -> {
                if (executions.transition(
                        executionId, ExecutionStatus.RUNNING, step, ExecutionStatus.HALTED, step, message)) {
                    executions.stepStatus(executionId, step, StepStatus.FAILED, null, clock.instant());
                }
            });
        }
    }

    /** Runs one step and records how it went; returns its status (WAITING for a manual step). */
    private StepStatus perform(Execution execution, int index, RunbookStep step) {
        long id = execution.id();
        executions.stepStarted(id, index, clock.instant());
        StepLog out = new StepLog(id, index);
        StepStatus result = StepStatus.FAILED;
        Integer exit = null;
        try {
            Pair pair = pairs.findById(execution.pairId()).orElseThrow();
            if (execution.rehearsal()) {
                result = rehearse(execution, index, step, pair, out);
            } else {
                StepOutcome outcome = carryOut(execution, index, step, pair, out);
                result = outcome.status();
                exit = outcome.exit();
            }
        } catch (InterruptedException | HostCommands.Closed e) {
            Thread.currentThread().interrupt();
            boolean abort = aborted(id);
            out.line("Stopped: " + (abort ? "the execution was aborted." : "syncboard is stopping."));
            // Stopped by a shutdown, the step's outcome is unknown: the next start halts the execution there.
            result = abort ? StepStatus.FAILED : StepStatus.INTERRUPTED;
        } catch (HostCommands.ProgramMissing | app.syncboard.hosts.SshFailure e) {
            out.line(e.getMessage());
            result = StepStatus.FAILED;
        } catch (IOException | IllegalStateException | IllegalArgumentException | Hops.HopProblem e) {
            out.line("Failed: " + e.getMessage());
            result = StepStatus.FAILED;
        } catch (RuntimeException e) {
            // Whatever else went wrong fails this step, and a rehearsal goes on: nothing is left half-walked.
            log.error("Step {} of runbook execution #{} failed unexpectedly", index + 1, id, e);
            out.line("Failed: syncboard could not carry out this step ("
                    + e.getClass().getSimpleName() + "); the details are in the server log.");
            result = StepStatus.FAILED;
        } finally {
            out.flush();
        }
        if (result != StepStatus.WAITING) {
            // An abort meanwhile has set the step's status already: keep that one.
            StepStatus finalStatus = result;
            Integer finalExit = exit;
            executions
                    .step(id, index)
                    .filter(s -> s.status() == StepStatus.RUNNING)
                    .ifPresent(s -> executions.stepStatus(id, index, finalStatus, finalExit, clock.instant()));
        } else {
            executions.stepStatus(id, index, StepStatus.WAITING, null, null);
        }
        return result;
    }

    private record StepOutcome(StepStatus status, Integer exit) {
        static StepOutcome of(StepStatus status) {
            return new StepOutcome(status, null);
        }
    }

    private StepOutcome carryOut(Execution execution, int index, RunbookStep step, Pair pair, StepLog out)
            throws IOException, InterruptedException {
        switch (step.kind()) {
            case COMMAND -> {
                Host host = host(pair, step.host());
                Result result = command(host, step.host(), step.command(), out, step.effectiveTimeout());
                if (result.timedOut()) {
                    return new StepOutcome(StepStatus.TIMED_OUT, result.exit());
                }
                return new StepOutcome(
                        judge(step, result, out) ? StepStatus.SUCCEEDED : StepStatus.FAILED, result.exit());
            }
            case WAIT_UNTIL -> {
                return waitUntil(step, pair, out);
            }
            case MANUAL -> {
                out.line(step.instructions());
                out.line("Waiting for someone to click Done.");
                return StepOutcome.of(StepStatus.WAITING);
            }
            case SYNC_JOB -> {
                return sync(execution, index, step, pair, out);
            }
            case ROLE_SWITCH -> {
                return switchRoles(execution, index, pair, out, step.effectiveTimeout());
            }
            case PAUSE_JOBS -> {
                roles.pauseJobs(
                        pair.id(),
                        "Paused by runbook " + execution.runbookName() + " (execution #" + execution.id()
                                + ", started by " + execution.startedBy() + ").");
                out.line("The jobs of pair " + pair.name() + " are paused: no run starts, by schedule or by hand.");
                return StepOutcome.of(StepStatus.SUCCEEDED);
            }
            case RESUME_JOBS -> {
                roles.resumeJobs(pair.id());
                out.line("The jobs of pair " + pair.name() + " are resumed.");
                return StepOutcome.of(StepStatus.SUCCEEDED);
            }
            case NOTIFY -> {
                events.publishEvent(FailoverNotice.note(
                        pair.id(),
                        execution.runbookName(),
                        execution.startedBy(),
                        step.message(),
                        pagePath(execution.id()),
                        clock.instant()));
                out.line("Sent to the notification targets that take failover notices: " + step.message());
                return StepOutcome.of(StepStatus.SUCCEEDED);
            }
        }
        throw new IllegalStateException("Unknown step kind " + step.kind());
    }

    private StepOutcome waitUntil(RunbookStep step, Pair pair, StepLog out) throws IOException, InterruptedException {
        Duration timeout = step.effectiveTimeout();
        Instant deadline = clock.instant().plus(timeout);
        out.line("Polling every " + RunbookYaml.durationText(step.pollEvery()) + ", for at most "
                + RunbookYaml.durationText(timeout) + ".");
        for (int poll = 1; ; poll++) {
            // The commands of a poll are summed up by the poll's own line.
            Poll result = poll(step, pair, out.quiet(), Duration.between(clock.instant(), deadline));
            out.line("Poll " + poll + ": " + result.detail()
                    + (result.met() ? " - the condition holds." : " - not yet."));
            if (result.met()) {
                return new StepOutcome(StepStatus.SUCCEEDED, result.exit());
            }
            if (Duration.between(clock.instant(), deadline).compareTo(step.pollEvery()) < 0) {
                out.line("Gave up after " + poll + " poll(s): the condition did not hold within "
                        + RunbookYaml.durationText(timeout) + ".");
                return StepOutcome.of(StepStatus.TIMED_OUT);
            }
            out.flush();
            Thread.sleep(step.pollEvery().toMillis());
        }
    }

    /** One look at a command's (or wait's) condition: exit code, output pattern, and the compared output if any. */
    private record Poll(boolean met, Integer exit, String detail) {}

    private Poll poll(RunbookStep step, Pair pair, StepLog log, Duration limit)
            throws IOException, InterruptedException {
        Result result = command(host(pair, step.host()), step.host(), step.command(), log, limit);
        boolean met = !result.timedOut() && judge(step, result, log);
        String detail = "exit " + result.exit() + ", output '" + clip(result.output()) + "'";
        if (met && step.compareCommand() != null) {
            Result other =
                    command(host(pair, step.compareHost()), step.compareHost(), step.compareCommand(), log, limit);
            met = !other.timedOut()
                    && other.exit() != null
                    && other.exit() == 0
                    && other.output().strip().equals(result.output().strip());
            detail += "; " + step.compareHost() + " says '" + clip(other.output()) + "'";
        }
        return new Poll(met, result.exit(), detail);
    }

    private StepOutcome sync(Execution execution, int index, RunbookStep step, Pair pair, StepLog out)
            throws InterruptedException {
        SyncJob job = job(pair, step.job());
        Long runId =
                executions.step(execution.id(), index).map(ExecutionStep::runId).orElse(null);
        Run run =
                runId == null ? null : history.find(runId).filter(Run::isActive).orElse(null);
        if (run == null) {
            run = launcher.launch(job.id(), RunTrigger.RUNBOOK, execution.startedBy());
            executions.stepRun(execution.id(), index, run.id());
            out.line("Started run #" + run.id() + " of job " + job.name() + ": " + run.status());
        } else {
            out.line("Following run #" + run.id() + " of job " + job.name() + ", started before.");
        }
        Instant deadline = clock.instant().plus(step.effectiveTimeout());
        while (run.isActive()) {
            if (clock.instant().isAfter(deadline)) {
                launcher.cancel(run.id(), execution.startedBy());
                out.line("Run #" + run.id() + " went over the step's time limit of "
                        + RunbookYaml.durationText(step.effectiveTimeout()) + "; it was cancelled.");
                return StepOutcome.of(StepStatus.TIMED_OUT);
            }
            Thread.sleep(SYNC_POLL.toMillis());
            run = history.find(run.id()).orElseThrow();
        }
        out.line("Run #" + run.id() + " ended " + run.status() + (run.message() == null ? "." : ": " + run.message()));
        return new StepOutcome(
                run.status() == RunStatus.SUCCEEDED ? StepStatus.SUCCEEDED : StepStatus.FAILED, run.exitCode());
    }

    /**
     * The standby becomes the primary. The switch itself and the record that this step made it are one transaction,
     * so that a retry (after a failed marker write, or a restart) never switches the roles back. Runs of the pair
     * still going would copy the old way into the new primary: the pair is paused first and the step fails while
     * any is queued or running.
     */
    private StepOutcome switchRoles(Execution execution, int index, Pair pair, StepLog out, Duration timeout)
            throws InterruptedException {
        Long switchedTo = executions
                .step(execution.id(), index)
                .map(ExecutionStep::newPrimaryHostId)
                .orElse(null);
        String marker = pair.roleMarkerPath();
        Pair now = pair;
        if (switchedTo == null) {
            if (!pair.isPaused()) {
                now = roles.pauseJobs(
                        pair.id(),
                        "Role switch of runbook " + execution.runbookName() + " (execution #" + execution.id()
                                + ") under way.");
                out.line("Paused the jobs of pair " + pair.name() + " for the switch.");
            }
            List<Long> jobIds = jobs.findByPairIdOrderByName(pair.id()).stream()
                    .map(SyncJob::id)
                    .toList();
            Optional<Run> going = history.activeByJob().entrySet().stream()
                    .filter(entry -> jobIds.contains(entry.getKey()))
                    .map(Map.Entry::getValue)
                    .findFirst();
            if (going.isPresent()) {
                out.line("Run #" + going.get().id() + " of this pair is still "
                        + going.get().status()
                        + ": it copies the old way, into what is about to become the primary. Wait for it to end"
                        + " (or cancel it), then retry this step. The pair stays paused.");
                return StepOutcome.of(StepStatus.FAILED);
            }
            Host outgoing = hosts.findById(pair.primaryHostId()).orElseThrow();
            if (marker != null) {
                try {
                    withinLimit(out, timeout, cancellation -> {
                        markers.write(outgoing, marker, RoleMarkers.STANDBY, out::line, cancellation);
                        return null;
                    });
                } catch (IOException e) {
                    out.line("Could not mark " + outgoing.name() + " as standby (it may be down): " + e.getMessage()
                            + " Its marker must say standby before a sync copies to it.");
                }
            }
            long incomingId = pair.standbyHostId();
            now = transactions.execute(status -> {
                Pair done = roles.switchRoles(pair.id(), execution.startedBy());
                executions.stepNewPrimary(execution.id(), index, incomingId);
                return done;
            });
            out.line("Pair " + pair.name() + ": " + hostName(now.primaryHostId()) + " (" + now.primaryPath()
                    + ") is the primary now, " + hostName(now.standbyHostId()) + " (" + now.standbyPath()
                    + ") the standby.");
        } else {
            out.line("Pair " + pair.name() + ": the roles were switched by an earlier attempt of this step.");
        }
        out.line("Its jobs now copy " + now.primaryPath() + " on " + hostName(now.primaryHostId()) + " to "
                + now.standbyPath() + " on " + hostName(now.standbyHostId())
                + ", and stay paused until someone confirms that direction on the dashboard.");
        if (marker != null) {
            Host incoming = hosts.findById(now.primaryHostId()).orElseThrow();
            try {
                withinLimit(out, timeout, cancellation -> {
                    markers.write(incoming, marker, RoleMarkers.PRIMARY, out::line, cancellation);
                    return null;
                });
            } catch (IOException e) {
                out.line("Could not mark " + incoming.name() + " as primary: " + e.getMessage()
                        + " Retry writes the markers again (it does not switch back).");
                return StepOutcome.of(StepStatus.FAILED);
            }
        }
        return StepOutcome.of(StepStatus.SUCCEEDED);
    }

    private String hostName(long id) {
        return hosts.findById(id).map(Host::name).orElse("host #" + id);
    }

    /** Something done on a host that takes a cancellation. */
    private interface OnHost<T> {
        T run(Cancellation cancellation) throws IOException, InterruptedException;
    }

    /** What {@link #limited} got back, and whether the time limit stopped it. */
    private record Limited<T>(T value, boolean overTime) {}

    /**
     * Runs {@code action} with a cancellation that an abort and {@code limit} both stop: a host that accepts SSH and
     * then hangs (a dead NFS mount) does not hold the step forever.
     *
     * @throws InterruptedException when an abort (or shutdown) stopped it
     */
    private <T> Limited<T> limited(StepLog out, Duration limit, OnHost<T> action)
            throws IOException, InterruptedException {
        Cancellation cancellation = out.fresh();
        java.util.concurrent.atomic.AtomicBoolean overTime = new java.util.concurrent.atomic.AtomicBoolean();
        ScheduledFuture<?> stop = timer.schedule(
                () -> {
                    overTime.set(true);
                    cancellation.cancel("time limit");
                },
                limit.toMillis(),
                TimeUnit.MILLISECONDS);
        try {
            T value = action.run(cancellation);
            if (!overTime.get() && cancellation.isCancelled()) {
                throw new InterruptedException();
            }
            return new Limited<>(value, overTime.get());
        } finally {
            stop.cancel(false);
            running.remove(out.executionId, cancellation);
        }
    }

    /** The same, for a check whose time running out is a failure like any other. */
    private <T> T withinLimit(StepLog out, Duration limit, OnHost<T> action) throws IOException, InterruptedException {
        Limited<T> done = limited(out, limit, action);
        if (done.overTime()) {
            throw new IOException("no answer within " + RunbookYaml.durationText(limit));
        }
        return done.value();
    }

    private StepStatus rehearse(Execution execution, int index, RunbookStep step, Pair pair, StepLog out)
            throws IOException, InterruptedException {
        switch (step.kind()) {
            case COMMAND, WAIT_UNTIL -> {
                Host host = host(pair, step.host());
                if (step.readOnly()) {
                    out.line("Changes nothing, so the rehearsal runs it once:");
                    boolean ok = poll(step, pair, out, step.effectiveTimeout()).met();
                    if (step.kind() == Kind.WAIT_UNTIL) {
                        out.line(
                                ok
                                        ? "The condition holds now."
                                        : "The condition does not hold now; the execution would poll for up to "
                                                + RunbookYaml.durationText(step.effectiveTimeout()) + ".");
                        return StepStatus.REHEARSED;
                    }
                    return ok ? StepStatus.SUCCEEDED : StepStatus.FAILED;
                }
                out.line("Would run on " + describe(step.host(), host) + ": " + step.command());
                if (step.compareCommand() != null) {
                    Host other = host(pair, step.compareHost());
                    out.line("and compare with the output on " + describe(step.compareHost(), other) + ": "
                            + step.compareCommand());
                    if (!programExists(other, step.compareCommand(), out)) {
                        return StepStatus.FAILED;
                    }
                }
                return programExists(host, step.command(), out) ? StepStatus.REHEARSED : StepStatus.FAILED;
            }
            case MANUAL -> {
                out.line("Would wait for someone to do this and click Done:");
                out.line(step.instructions());
                return StepStatus.REHEARSED;
            }
            case SYNC_JOB -> {
                SyncJob job = job(pair, step.job());
                out.line("Would run job " + job.name() + " and wait for its result (at most "
                        + RunbookYaml.durationText(step.effectiveTimeout()) + "):");
                for (RsyncCommand command : launcher.commandsFor(job)) {
                    out.line("$ " + command.display());
                }
                if (pair.isPaused()) {
                    out.line("The pair is paused now (" + pair.pausedReason() + "): the run would be SKIPPED.");
                    return StepStatus.FAILED;
                }
                return StepStatus.REHEARSED;
            }
            case ROLE_SWITCH -> {
                Host incoming = hosts.findById(pair.standbyHostId()).orElseThrow();
                Host outgoing = hosts.findById(pair.primaryHostId()).orElseThrow();
                out.line("Would make " + incoming.name() + " the primary and " + outgoing.name() + " the standby"
                        + " of pair " + pair.name() + ", and pause its jobs until someone confirms the new direction.");
                if (pair.roleMarkerPath() != null) {
                    out.line("Would write " + RoleMarkers.STANDBY + " to " + pair.roleMarkerPath() + " on "
                            + outgoing.name() + " and " + RoleMarkers.PRIMARY + " on " + incoming.name() + ".");
                    for (Host host : List.of(outgoing, incoming)) {
                        try {
                            out.line(host.name() + "'s marker says now: "
                                    + withinLimit(
                                                    out,
                                                    CHECK_LIMIT,
                                                    cancellation ->
                                                            markers.read(host, pair.roleMarkerPath(), cancellation))
                                            .orElse("(no file)"));
                        } catch (IOException e) {
                            out.line(host.name() + "'s marker cannot be read: " + e.getMessage());
                        }
                    }
                }
                return StepStatus.REHEARSED;
            }
            case PAUSE_JOBS -> {
                out.line("Would pause the jobs of pair " + pair.name() + ".");
                return StepStatus.REHEARSED;
            }
            case RESUME_JOBS -> {
                out.line("Would resume the jobs of pair " + pair.name() + ".");
                return StepStatus.REHEARSED;
            }
            case NOTIFY -> {
                out.line("Would send: " + step.message());
                return StepStatus.REHEARSED;
            }
        }
        throw new IllegalStateException("Unknown step kind " + step.kind());
    }

    /** Whether the program a shell command line starts with is there on the host (which answers, then). */
    private boolean programExists(Host host, String commandLine, StepLog out) throws IOException, InterruptedException {
        String program = firstProgram(commandLine);
        if (program == null) {
            out.line("(Its first word is not a program to check.)");
            return true;
        }
        List<String> lines = new ArrayList<>();
        int exit = withinLimit(
                out,
                CHECK_LIMIT,
                cancellation -> commands.run(
                        host,
                        List.of("sh", "-c", "command -v -- \"$1\"", "syncboard", program),
                        lines::add,
                        cancellation));
        if (exit == 0) {
            out.line(host.name() + " answers and has " + program + (lines.isEmpty() ? "" : " (" + lines.get(0) + ")")
                    + ".");
            return true;
        }
        out.line(host.name() + " answers but has no " + program + " on its PATH.");
        return false;
    }

    /** The first word of a command line that names a program: after variable assignments, before operators. */
    static String firstProgram(String commandLine) {
        for (String word : commandLine.strip().split("\\s+")) {
            if (ASSIGNMENT.matcher(word).matches()) {
                continue;
            }
            if (word.isEmpty() || !word.matches("[A-Za-z0-9_./+-]+")) {
                return null;
            }
            return word;
        }
        return null;
    }

    private record Result(Integer exit, String output, boolean timedOut) {}

    private Result command(Host host, String where, String commandLine, StepLog out, Duration timeout)
            throws IOException, InterruptedException {
        out.line("$ " + commandLine + "   (on " + describe(where, host) + ")");
        StringBuilder output = new StringBuilder();
        Limited<Integer> done = limited(out, timeout, cancellation -> {
            try {
                return commands.run(
                        host,
                        List.of("sh", "-c", commandLine),
                        line -> {
                            if (output.length() < Executions.MAX_LOG) {
                                output.append(line).append('\n');
                            }
                            out.line(line);
                        },
                        cancellation);
            } catch (HostCommands.ProgramMissing e) {
                // For a command line, 127 is the shell's "command not found" inside it, not a missing sh.
                out.line("(the shell found no program of that name)");
                return 127;
            }
        });
        if (done.overTime()) {
            out.line("Stopped: the step's time limit of " + RunbookYaml.durationText(timeout) + " was reached.");
            return new Result(null, output.toString(), true);
        }
        out.line("exit code " + done.value());
        return new Result(done.value(), output.toString(), false);
    }

    private static boolean judge(RunbookStep step, Result result, StepLog out) {
        if (result.exit() == null || !step.exitCodes().contains(result.exit())) {
            out.line("Expected exit code "
                    + (step.exitCodes().size() == 1 ? step.exitCodes().get(0) : step.exitCodes()) + ".");
            return false;
        }
        if (step.outputMatches() != null
                && !Pattern.compile(step.outputMatches())
                        .matcher(result.output())
                        .find()) {
            out.line("The output has no match of /" + step.outputMatches() + "/.");
            return false;
        }
        return true;
    }

    private Host host(Pair pair, String name) {
        return switch (name) {
            case "primary" -> hosts.findById(pair.primaryHostId()).orElseThrow();
            case "standby" -> hosts.findById(pair.standbyHostId()).orElseThrow();
            default ->
                hosts.findByName(name)
                        .orElseThrow(() -> new IllegalArgumentException("No host is named " + name + " (any more)."));
        };
    }

    private static String describe(String where, Host host) {
        return where.equals(host.name()) ? host.name() : where + " (" + host.name() + ")";
    }

    private SyncJob job(Pair pair, String name) {
        return jobs.findByName(name)
                .filter(job -> pair.id().equals(job.pairId()))
                .orElseThrow(() ->
                        new IllegalArgumentException("Pair " + pair.name() + " has no job " + name + " (any more)."));
    }

    /** Whether someone aborted the execution (what the database says, also before its thread noticed). */
    private boolean aborted(long executionId) {
        return executions
                .find(executionId)
                .map(e -> e.status() == ExecutionStatus.ABORTED)
                .orElse(true);
    }

    private Runbook runbook(long id) {
        return runbooks.find(id).orElseThrow(() -> new Refused("There is no runbook " + id + "."));
    }

    private Execution execution(long id) {
        return executions.find(id).orElseThrow(() -> new Refused("There is no execution #" + id + "."));
    }

    private String stepLine(Execution execution, int index) {
        List<RunbookStep> steps = execution.definition().steps();
        return "step " + (index + 1)
                + (index < steps.size() ? " (" + steps.get(index).title() + ")" : "");
    }

    private void audit(String by, String action, Execution execution, Outcome outcome, String reason, String details) {
        events.publishEvent(new AuditEvent(
                by,
                null,
                action,
                new AuditEvent.Target(
                        RunbookAuditNames.EXECUTION,
                        String.valueOf(execution.id()),
                        execution.runbookName() + " #" + execution.id()),
                outcome,
                reason,
                details));
    }

    static String pagePath(long executionId) {
        return "/runbooks/executions/" + executionId;
    }

    private static String text(StepStatus status) {
        return switch (status) {
            case TIMED_OUT -> "went over its time limit";
            case INTERRUPTED -> "was interrupted";
            default -> "failed";
        };
    }

    private static String clip(String text) {
        String one = text.strip().replace('\n', ' ');
        return one.length() > 200 ? one.substring(0, 200) + "…" : one;
    }

    /** A step's output, stored as it grows (at most once a second) and at the end. */
    private final class StepLog {
        private final long executionId;
        private final int position;
        private final StringBuilder text;
        private final boolean quiet;
        private Instant flushed;

        StepLog(long executionId, int position) {
            this(executionId, position, new StringBuilder(), false);
            executions
                    .step(executionId, position)
                    .map(ExecutionStep::log)
                    .filter(old -> old != null && !old.isEmpty())
                    .ifPresent(old -> text.append(old).append("--- attempt again ---\n"));
        }

        private StepLog(long executionId, int position, StringBuilder text, boolean quiet) {
            this.executionId = executionId;
            this.position = position;
            this.text = text;
            this.quiet = quiet;
        }

        /**
         * A cancellation for the next command of this execution: an abort cancels it.
         *
         * @throws InterruptedException when the execution was aborted already
         */
        Cancellation fresh() throws InterruptedException {
            Cancellation cancellation = new Cancellation();
            running.put(executionId, cancellation);
            if (Thread.currentThread().isInterrupted() || aborted(executionId)) {
                throw new InterruptedException();
            }
            return cancellation;
        }

        /** The same log, for the commands of a poll: their lines are summed up by the poll's own line. */
        StepLog quiet() {
            return new StepLog(executionId, position, text, true);
        }

        void line(String line) {
            if (quiet) {
                return;
            }
            synchronized (text) {
                text.append(line).append('\n');
                if (text.length() > 2 * Executions.MAX_LOG) {
                    text.delete(0, text.length() - Executions.MAX_LOG);
                }
            }
            Instant now = clock.instant();
            if (flushed == null || Duration.between(flushed, now).compareTo(LOG_FLUSH) >= 0) {
                flush();
            }
        }

        void flush() {
            String copy;
            synchronized (text) {
                copy = text.toString();
            }
            flushed = clock.instant();
            executions.stepLog(executionId, position, copy);
        }
    }
}
