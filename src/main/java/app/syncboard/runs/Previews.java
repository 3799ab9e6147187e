package app.syncboard.runs;

import app.syncboard.hosts.Cancellation;
import app.syncboard.hosts.Hops;
import app.syncboard.hosts.HostCommands;
import app.syncboard.jobs.RsyncCommand;
import app.syncboard.jobs.SyncJob;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.springframework.stereotype.Service;

/**
 * "Preview": the job's rsync invocations with {@code --dry-run --itemize-changes}, which list what a run would
 * create, update and delete and change nothing. Runs while the page waits, for at most {@link #LIMIT}.
 */
@Service
class Previews {

    static final Duration LIMIT = Duration.ofMinutes(10);
    static final int SHOWN = 1000;
    private static final int MAX_ERRORS = 20;

    /** What the dry run found, or why it could not tell ({@code problem}). */
    record Preview(String commands, ItemizedChanges changes, RsyncStats stats, List<String> errors, String problem) {}

    private final RunLauncher launcher;
    private final HostCommands commands;

    Previews(RunLauncher launcher, HostCommands commands) {
        this.launcher = launcher;
        this.commands = commands;
    }

    Preview of(SyncJob job) {
        List<RsyncCommand> dryRuns;
        try {
            dryRuns =
                    launcher.commandsFor(job).stream().map(RsyncCommand::dryRun).toList();
        } catch (Hops.HopProblem e) {
            return new Preview("", null, null, List.of(), e.getMessage());
        }
        ItemizedChanges.Reader changes = new ItemizedChanges.Reader(SHOWN);
        RsyncStats.Reader figures = new RsyncStats.Reader();
        List<String> errors = new ArrayList<>();
        Cancellation cancellation = new Cancellation();
        CompletableFuture.delayedExecutor(LIMIT.toSeconds(), TimeUnit.SECONDS)
                .execute(() -> cancellation.cancel("preview limit"));
        String problem = null;
        try {
            for (RsyncCommand dry : dryRuns) {
                int exit = commands.run(
                        dry.runner(),
                        dry.arguments(),
                        line -> {
                            changes.accept(line);
                            figures.accept(line);
                            if ((line.startsWith("rsync: ")
                                            || line.startsWith("rsync error: ")
                                            || line.startsWith("ssh: "))
                                    && errors.size() < MAX_ERRORS) {
                                errors.add(line);
                            }
                        },
                        cancellation);
                if (cancellation.isCancelled()) {
                    problem = "The dry run took longer than " + Durations.text(LIMIT) + " and was stopped.";
                    break;
                }
                if (exit != 0 && exit != 24) {
                    problem = "The dry run failed: " + RsyncExitCodes.describe(exit, dry) + ".";
                    break;
                }
            }
        } catch (IOException e) {
            problem = "The dry run could not be run: " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            problem = "The dry run was interrupted.";
        } finally {
            cancellation.cancel("preview ended");
        }
        return new Preview(RsyncCommand.display(dryRuns), changes.result(), figures.result(), errors, problem);
    }
}
