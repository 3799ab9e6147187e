package app.syncboard.runs;

import app.syncboard.hosts.Cancellation;
import app.syncboard.hosts.CommandWords;
import app.syncboard.hosts.Host;
import app.syncboard.hosts.HostCommands;
import app.syncboard.hosts.Paths;
import app.syncboard.hosts.PosixQuoting;
import app.syncboard.jobs.JobStep;
import app.syncboard.jobs.RsyncCommand;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;
import org.springframework.stereotype.Component;

/**
 * The order of a run: the pair's role markers, checks, the deletion guard's dry run, pre-steps, the rsync
 * invocations, post-steps. A standby whose role marker says primary ends the run as SKIPPED before anything ran; a
 * failed check ends it as SKIPPED (or FAILED when the job says so) before anything changed; a guard that finds too
 * many deletions ends it as BLOCKED; post-steps marked "always" run however rsync or a pre-step ended, also after a
 * cancel or a time limit, so that services stopped by a pre-step are started again.
 */
@Component
class SyncProcedure {

    /** How many paths a BLOCKED run keeps of those it would have deleted. */
    static final int KEPT_DELETIONS = 1000;

    private static final int MAX_REASON_LINE = 300;

    /**
     * How a run ended. {@code exit} is rsync's code (null when rsync did not run or was stopped); {@code blocked}
     * holds what the guard refused to delete.
     */
    record Outcome(RunStatus status, Integer exit, String message, RsyncStats stats, BlockedPaths.Blocked blocked) {}

    /**
     * Where a run's output goes. {@code alive} is told of output that is not logged (a dry run's change lines),
     * which still counts against the no-output limit.
     */
    record Output(Consumer<String> log, Runnable alive) {}

    private final HostCommands commands;
    private final SplitBrainCheck splitBrain;

    SyncProcedure(HostCommands commands, SplitBrainCheck splitBrain) {
        this.commands = commands;
        this.splitBrain = splitBrain;
    }

    /**
     * @param cancellation stops the run (Cancel, a time limit, shutdown)
     * @param cleanup stops the "always" post-steps that run after {@code cancellation} did
     */
    Outcome run(RunPlan plan, Output output, Cancellation cancellation, Cancellation cleanup)
            throws IOException, InterruptedException {
        Consumer<String> log = output.log();
        if (plan.roleMarkerPath() != null) {
            try {
                Optional<String> conflict = splitBrain.conflict(plan, log, cancellation);
                if (conflict.isPresent()) {
                    return new Outcome(RunStatus.SKIPPED, null, conflict.get(), null, null);
                }
            } catch (SplitBrainCheck.Unreadable e) {
                return failedCheck(plan, e.getMessage());
            }
        }
        String failedCheck = checks(plan, log, cancellation);
        if (failedCheck != null) {
            return failedCheck(plan, failedCheck);
        }
        if (plan.guard() != null || plan.approval() != null) {
            Outcome blocked = guard(plan, output, cancellation);
            if (blocked != null) {
                return blocked;
            }
        }
        Outcome outcome = null;
        try {
            outcome = preStepsAndRsync(plan, log, cancellation);
        } finally {
            // Also after an exception (SSH lost, app stopping): try to undo what the pre-steps did.
            Outcome after = postSteps(plan, log, cancellation, cleanup, outcome);
            if (after != null) {
                outcome = after;
            }
        }
        return outcome;
    }

    private Outcome preStepsAndRsync(RunPlan plan, Consumer<String> log, Cancellation cancellation)
            throws IOException, InterruptedException {
        int number = 0;
        for (JobStep step : plan.steps(JobStep.Phase.PRE)) {
            number++;
            int exit = step(plan, step, "pre-step " + number, log, cancellation);
            if (cancellation.isCancelled()) {
                return new Outcome(RunStatus.FAILED, null, null, null, null);
            }
            if (exit != step.expectedExit()) {
                return new Outcome(
                        RunStatus.FAILED,
                        null,
                        "Pre-step " + number + " (" + step.text() + ") ended with exit code " + exit
                                + "; rsync was not run.",
                        null,
                        null);
            }
        }
        RsyncStats stats = RsyncStats.NONE;
        for (RsyncCommand command : plan.commands()) {
            log.accept("$ " + command.display());
            RsyncStats.Reader figures = new RsyncStats.Reader();
            FirstError firstError = new FirstError();
            int exit = commands.run(
                    command.runner(),
                    command.arguments(),
                    line -> {
                        figures.accept(line);
                        firstError.accept(line);
                        log.accept(line);
                    },
                    cancellation);
            stats = stats.plus(figures.result());
            if (cancellation.isCancelled()) {
                return new Outcome(RunStatus.FAILED, null, null, stats, null);
            }
            if (exit != 0) {
                return new Outcome(
                        RunStatus.FAILED,
                        exit,
                        firstError.explain(RsyncExitCodes.describe(exit, command)),
                        stats,
                        null);
            }
        }
        return new Outcome(RunStatus.SUCCEEDED, 0, null, stats, null);
    }

    /**
     * Runs the post-steps that apply to how the run went: all of them after a success, only the "always" ones
     * otherwise. Once the run was stopped, the "always" ones run under {@code cleanup}, which a second Cancel or the
     * clean-up limit stops. A step that cannot be run (its host unreachable) counts as failed; the others still run.
     *
     * @return a changed outcome when a post-step failed after an otherwise good run, else null
     */
    private Outcome postSteps(
            RunPlan plan, Consumer<String> log, Cancellation cancellation, Cancellation cleanup, Outcome outcome)
            throws InterruptedException {
        boolean good = outcome != null && outcome.status() == RunStatus.SUCCEEDED;
        int number = 0;
        Outcome changed = null;
        for (JobStep step : plan.steps(JobStep.Phase.POST)) {
            number++;
            boolean stopped = cancellation.isCancelled();
            if ((!good || stopped) && !step.always()) {
                log.accept("Post-step " + number + " skipped: the run did not succeed (" + step.text() + ").");
                continue;
            }
            Cancellation use = stopped ? cleanup : cancellation;
            if (use.isCancelled()) {
                log.accept("Post-step " + number + " not run: the clean-up was stopped (" + step.text() + ").");
                continue;
            }
            int exit;
            try {
                exit = step(plan, step, "post-step " + number, log, use);
            } catch (HostCommands.Closed e) {
                log.accept("Post-step " + number + " not run: syncboard is stopping (" + step.text() + ").");
                break;
            } catch (IOException e) {
                log.accept("Post-step " + number + " could not be run: " + e.getMessage());
                exit = -1;
            }
            if (exit != step.expectedExit() && good && !stopped && changed == null) {
                changed = new Outcome(
                        RunStatus.FAILED,
                        outcome.exit(),
                        "rsync succeeded, but post-step " + number + " (" + step.text() + ") "
                                + (exit < 0 ? "could not be run." : "ended with exit code " + exit + "."),
                        outcome.stats(),
                        null);
            }
        }
        return changed;
    }

    private static Outcome failedCheck(RunPlan plan, String what) {
        boolean fail = plan.checks().failRun();
        return new Outcome(
                fail ? RunStatus.FAILED : RunStatus.SKIPPED,
                null,
                "Precondition failed: " + what + (fail ? "" : " Nothing was changed."),
                null,
                null);
    }

    /** @return what failed, or null when every check passed */
    private String checks(RunPlan plan, Consumer<String> log, Cancellation cancellation)
            throws IOException, InterruptedException {
        if (plan.checks().peerReachable()
                && plan.route() != null
                && plan.route().peer().isPresent()) {
            List<String> ssh = new ArrayList<>(plan.route().ssh());
            ssh.add(plan.route().peerLogin());
            ssh.add("true");
            Host runner = plan.route().runner();
            Host peer = plan.route().peer().get();
            log.accept("$ " + onHost(runner, PosixQuoting.join(ssh)));
            LastLine last = new LastLine(log);
            int exit = commands.run(runner, ssh, last, cancellation);
            if (exit != 0) {
                return peer.name() + " is not reachable from " + runner.name() + " over ssh (exit code " + exit
                        + last.suffix() + ").";
            }
        }
        String marker = plan.checks().sourceMarker();
        if (marker != null) {
            String path = Paths.asBase(plan.primaryBase()) + marker;
            List<String> test = List.of("test", "-e", path);
            log.accept("$ " + onHost(plan.primary(), PosixQuoting.join(test)));
            int exit = commands.run(plan.primary(), test, log, cancellation);
            if (exit != 0) {
                return "the marker file " + path + " does not exist on "
                        + plan.primary().name() + " (is its volume mounted?).";
            }
        }
        int number = 0;
        for (JobStep step : plan.steps(JobStep.Phase.CHECK)) {
            number++;
            LastLine last = new LastLine(log);
            int exit = step(plan, step, "check " + number, last, cancellation);
            if (exit != step.expectedExit()) {
                return "check " + number + " (" + step.text() + ") ended with exit code " + exit + ", expected "
                        + step.expectedExit() + last.suffix() + ".";
            }
        }
        return null;
    }

    /**
     * The dry run before a run with {@code --delete}: every invocation once more with {@code -n -ii}, counted per
     * job path ({@link DeletionCount}). For a run that carries out an approval, the deletions must be those that
     * were approved (no more, and the same paths where the list was complete).
     *
     * @return BLOCKED when it would delete too much, FAILED when the dry run failed, null when the run may go on
     */
    private Outcome guard(RunPlan plan, Output output, Cancellation cancellation)
            throws IOException, InterruptedException {
        DeletionCount count = new DeletionCount(KEPT_DELETIONS);
        for (RsyncCommand real : plan.commands()) {
            RsyncCommand dry = real.dryRunListingAll();
            output.log().accept("$ " + dry.display());
            Consumer<String> counter = count.readerFor(dry);
            FirstError firstError = new FirstError();
            int exit = commands.run(
                    dry.runner(),
                    dry.arguments(),
                    line -> {
                        counter.accept(line);
                        firstError.accept(line);
                        if (ItemizedChanges.item(line) == null) {
                            output.log().accept(line);
                        } else {
                            output.alive().run();
                        }
                    },
                    cancellation);
            if (cancellation.isCancelled()) {
                return new Outcome(RunStatus.FAILED, null, null, null, null);
            }
            // 23 and 24: some files could not be read or vanished. The counts are judged as they are; rsync itself
            // deletes nothing after an I/O error unless --ignore-errors is given, and then the counts show it.
            if (exit != 0 && exit != 23 && exit != 24) {
                return new Outcome(
                        RunStatus.FAILED,
                        exit,
                        "The deletion guard's dry run failed: "
                                + firstError.explain(RsyncExitCodes.describe(exit, dry)),
                        null,
                        null);
            }
        }
        if (count.uncovered() != null) {
            return new Outcome(
                    RunStatus.FAILED,
                    null,
                    "The deletion guard could not tell which of the job's paths " + count.uncovered()
                            + " belongs to, so it cannot judge the deletions; nothing was changed.",
                    null,
                    null);
        }
        for (DeletionCount.PathCount path : count.byPath()) {
            output.log()
                    .accept("Deletion guard, " + path.label() + ": " + path.sourceFiles() + " files on the primary, "
                            + path.created() + " to create and " + path.deleted() + " to delete of "
                            + path.standbyFiles() + " on the standby.");
        }
        String why = plan.approval() != null ? beyondApproval(plan.approval(), count) : exceeded(plan, count);
        if (why == null) {
            return null;
        }
        return new Outcome(
                RunStatus.BLOCKED,
                null,
                "Blocked by the deletion guard: " + why
                        + " Nothing was changed; check the list of paths and approve the run if this is intended.",
                null,
                new BlockedPaths.Blocked(count.deletedFiles(), count.deletedPaths()));
    }

    private static String exceeded(RunPlan plan, DeletionCount count) {
        for (DeletionCount.PathCount path : count.byPath()) {
            if (path.sourceFiles() == 0 && path.deleted() > 0) {
                return "The source of " + path.label() + " is empty (an unmounted volume?): " + path.deleted()
                        + " files under it would be deleted on the standby.";
            }
        }
        String tooMany = plan.guard().tooManyFiles(count.deletedFiles());
        if (tooMany != null) {
            return tooMany;
        }
        for (DeletionCount.PathCount path : count.byPath()) {
            String share = plan.guard().tooLargeShare(path.label(), path.deleted(), path.standbyFiles());
            if (share != null) {
                return share;
            }
        }
        return null;
    }

    private static String beyondApproval(RunPlan.Approval approval, DeletionCount count) {
        BlockedPaths.Blocked approved = approval.blocked();
        if (count.deletedFiles() > approved.deletions()) {
            return count.deletedFiles() + " files would be deleted now, more than the " + approved.deletions()
                    + " approved in run #" + approval.runId() + " (the files changed since).";
        }
        if (approved.complete()) {
            for (String path : count.deletedPaths()) {
                if (!approved.paths().contains(path)) {
                    return path + " would be deleted now, but was not among the deletions approved in run #"
                            + approval.runId() + " (the files changed since).";
                }
            }
        }
        return null;
    }

    private int step(RunPlan plan, JobStep step, String what, Consumer<String> log, Cancellation cancellation)
            throws IOException, InterruptedException {
        Host host = plan.hostOf(step.side());
        List<String> words = CommandWords.split(step.command());
        log.accept("$ " + onHost(host, PosixQuoting.join(words)) + "   (" + what + ", "
                + step.side().name().toLowerCase(Locale.ROOT) + ")");
        return commands.run(host, words, log, cancellation);
    }

    private static String onHost(Host host, String command) {
        return host.isLocal() ? command : "[on " + host.name() + "] " + command;
    }

    /** Passes lines on and keeps the last non-blank one, to say in the run's message why a check failed. */
    private static final class LastLine implements Consumer<String> {

        private final Consumer<String> next;
        private String last;

        LastLine(Consumer<String> next) {
            this.next = next;
        }

        @Override
        public void accept(String line) {
            next.accept(line);
            if (!line.isBlank()) {
                last = Run.clip(line, MAX_REASON_LINE + 1);
            }
        }

        String suffix() {
            return last == null ? "" : ": " + last;
        }
    }

    /** The first line in which rsync names a concrete problem ("rsync: link_stat ... failed: No such file ..."). */
    static final class FirstError implements Consumer<String> {

        private static final int MAX = 500;
        private String line;

        @Override
        public void accept(String output) {
            if (line == null
                    && (output.startsWith("rsync: ")
                            || output.startsWith("ssh: ")
                            || output.startsWith("Host key verification failed")
                            || (output.startsWith("Connection to ") && output.contains(" closed"))
                            || output.contains("Permission denied (publickey"))) {
                line = Run.clip(output, MAX + 1);
            }
        }

        String explain(String exitMeaning) {
            return line == null ? exitMeaning : exitMeaning + ". First error: " + line;
        }
    }
}
