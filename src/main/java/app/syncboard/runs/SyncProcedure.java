package app.syncboard.runs;

import app.syncboard.hosts.Cancellation;
import app.syncboard.hosts.CommandWords;
import app.syncboard.hosts.Host;
import app.syncboard.hosts.HostCommands;
import app.syncboard.hosts.PosixQuoting;
import app.syncboard.jobs.JobStep;
import app.syncboard.jobs.RsyncCommand;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import org.springframework.stereotype.Component;

/**
 * The order of a run: checks, the deletion guard's dry run, pre-steps, the rsync invocations, post-steps. A failed
 * check ends the run as SKIPPED (or FAILED when the job says so) before anything changed; a guard that finds too
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
    record Outcome(RunStatus status, Integer exit, String message, RsyncStats stats, ItemizedChanges blocked) {}

    private final HostCommands commands;

    SyncProcedure(HostCommands commands) {
        this.commands = commands;
    }

    Outcome run(RunPlan plan, Consumer<String> log, Cancellation cancellation)
            throws IOException, InterruptedException {
        String failedCheck = checks(plan, log, cancellation);
        if (failedCheck != null) {
            boolean fail = plan.checks().failRun();
            return new Outcome(
                    fail ? RunStatus.FAILED : RunStatus.SKIPPED,
                    null,
                    "Precondition failed: " + failedCheck + (fail ? "" : " Nothing was changed."),
                    null,
                    null);
        }
        if (plan.guard() != null) {
            Outcome blocked = guard(plan, log, cancellation);
            if (blocked != null) {
                return blocked;
            }
        }
        Outcome outcome = null;
        try {
            outcome = preStepsAndRsync(plan, log, cancellation);
        } finally {
            // Also after an exception (SSH lost, app stopping): try to undo what the pre-steps did.
            Outcome after = postSteps(plan, log, cancellation, outcome);
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
     * otherwise.
     *
     * @return a changed outcome when a post-step failed after an otherwise good run, else null
     */
    private Outcome postSteps(RunPlan plan, Consumer<String> log, Cancellation cancellation, Outcome outcome)
            throws IOException, InterruptedException {
        boolean good = outcome != null && outcome.status() == RunStatus.SUCCEEDED && !cancellation.isCancelled();
        // A cancelled run still restarts what it stopped: the "always" steps get a cancellation of their own.
        Cancellation own = cancellation.isCancelled() ? new Cancellation() : cancellation;
        int number = 0;
        Outcome changed = null;
        for (JobStep step : plan.steps(JobStep.Phase.POST)) {
            number++;
            if (!good && !step.always()) {
                log.accept("Post-step " + number + " skipped: the run did not succeed (" + step.text() + ").");
                continue;
            }
            int exit = step(plan, step, "post-step " + number, log, own);
            if (exit != step.expectedExit() && good && changed == null) {
                changed = new Outcome(
                        RunStatus.FAILED,
                        outcome.exit(),
                        "rsync succeeded, but post-step " + number + " (" + step.text() + ") ended with exit code "
                                + exit + ".",
                        outcome.stats(),
                        null);
            }
        }
        return changed;
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
            String path = withoutTrailingSlash(plan.primaryBase()) + marker;
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
     * The dry run before a run with {@code --delete}.
     *
     * @return BLOCKED when it would delete too much, null when the run may go on
     */
    private Outcome guard(RunPlan plan, Consumer<String> log, Cancellation cancellation)
            throws IOException, InterruptedException {
        ItemizedChanges.Reader changes = new ItemizedChanges.Reader(KEPT_DELETIONS);
        RsyncStats.Reader figures = new RsyncStats.Reader();
        for (RsyncCommand real : plan.commands()) {
            RsyncCommand dry = real.dryRun();
            log.accept("$ " + dry.display());
            FirstError firstError = new FirstError();
            int exit = commands.run(
                    dry.runner(),
                    dry.arguments(),
                    line -> {
                        changes.accept(line);
                        figures.accept(line);
                        firstError.accept(line);
                        if (!ItemizedChanges.isChangeLine(line)) {
                            log.accept(line);
                        }
                    },
                    cancellation);
            if (cancellation.isCancelled()) {
                return new Outcome(RunStatus.FAILED, null, null, null, null);
            }
            // 23 and 24: some files could not be read or vanished; rsync then deletes nothing by itself, and the
            // real run copies what it can, so the counts are judged as they are.
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
        ItemizedChanges found = changes.result();
        long sourceFiles =
                figures.result().filesTotal() == null ? 0 : figures.result().filesTotal();
        long destinationFiles = Math.max(0, sourceFiles - found.createdCount()) + found.deletedCount();
        log.accept("Deletion guard: the dry run would create " + found.createdCount() + ", update "
                + found.updatedCount() + " and delete " + found.deletedCount() + " of about " + destinationFiles
                + " files on the standby.");
        // Each invocation's top directory is counted as a file: a source with no more than those is empty.
        boolean sourceEmpty = sourceFiles <= plan.commands().size();
        String exceeded = plan.guard().exceeded(found.deletedCount(), destinationFiles, sourceEmpty);
        if (exceeded == null) {
            return null;
        }
        return new Outcome(
                RunStatus.BLOCKED,
                null,
                "Blocked by the deletion guard: " + Character.toUpperCase(exceeded.charAt(0)) + exceeded.substring(1)
                        + " Nothing was changed; check the list of paths and approve the run if this is intended.",
                null,
                found);
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

    private static String withoutTrailingSlash(String path) {
        return path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
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
                last = line.length() > MAX_REASON_LINE ? line.substring(0, MAX_REASON_LINE) + "…" : line;
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
                line = output.length() > MAX ? output.substring(0, MAX) + "…" : output;
            }
        }

        String explain(String exitMeaning) {
            return line == null ? exitMeaning : exitMeaning + ". First error: " + line;
        }
    }
}
