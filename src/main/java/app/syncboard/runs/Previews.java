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
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import org.springframework.scheduling.TaskScheduler;
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
    private final TaskScheduler scheduler;
    /** Jobs with a preview going: one at a time each, since every preview walks both trees. */
    private final Set<Long> going = ConcurrentHashMap.newKeySet();

    Previews(RunLauncher launcher, HostCommands commands, TaskScheduler scheduler) {
        this.launcher = launcher;
        this.commands = commands;
        this.scheduler = scheduler;
    }

    Preview of(SyncJob job) {
        if (!going.add(job.id())) {
            return new Preview(
                    "", null, null, List.of(), "A preview of this job is going already; try again when it has ended.");
        }
        try {
            return dryRun(job);
        } finally {
            going.remove(job.id());
        }
    }

    private Preview dryRun(SyncJob job) {
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
        ScheduledFuture<?> limit = scheduler.schedule(
                () -> cancellation.cancel("preview limit"),
                scheduler.getClock().instant().plus(LIMIT));
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
                if (exit == 23 || exit == 24) {
                    problem = "rsync could not read some files or saw them vanish ("
                            + RsyncExitCodes.describe(exit, dry) + "); the lists below may be incomplete.";
                } else if (exit != 0) {
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
            limit.cancel(false);
            cancellation.cancel("preview ended");
        }
        return new Preview(RsyncCommand.display(dryRuns), changes.result(), figures.result(), errors, problem);
    }
}
