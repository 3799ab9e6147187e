package app.syncboard.jobs;

import app.syncboard.hosts.Hops;
import app.syncboard.hosts.Host;
import app.syncboard.hosts.Pair;
import app.syncboard.hosts.Paths;
import app.syncboard.hosts.PosixQuoting;
import app.syncboard.jobs.SyncJob.JobPath;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One rsync invocation of a run, as an argument list (never a shell string), and the host it runs on.
 *
 * <p>A job's paths without a mapped destination go in one invocation: each is sent as
 * {@code <primary base>/./<path>} with {@code --relative}, so that it lands at the same path under the standby's
 * base. Each mapped path is an invocation of its own, from the path to its destination ({@code --mkpath} creates
 * missing parents). When the other side is remote, it is reached with {@code -e ssh ...} and
 * {@code --protect-args}, so that no remote shell reads the paths.
 */
public record RsyncCommand(Host runner, Optional<Host> peer, List<String> arguments, List<JobPath> paths) {

    public RsyncCommand {
        arguments = List.copyOf(arguments);
        paths = List.copyOf(paths);
    }

    /** A mapped path's own invocation: the paths rsync reports are relative to its destination. */
    public boolean mapped() {
        return paths.size() == 1 && paths.get(0).mapped();
    }

    /**
     * The invocations of one run, in order.
     *
     * @param rsyncProgram the rsync to run on the app's machine (a remote runner runs {@code rsync} from its PATH)
     */
    public static List<RsyncCommand> all(String rsyncProgram, SyncJob job, Pair pair, Hops.Route route) {
        List<RsyncCommand> commands = new ArrayList<>();
        String primaryBase = Paths.asBase(pair.primaryPath());
        String standbyBase = Paths.asBase(pair.standbyPath());
        List<JobPath> same = job.paths().stream().filter(path -> !path.mapped()).toList();
        if (!same.isEmpty()) {
            List<String> sources = same.stream()
                    .map(path -> primaryBase + "/./" + path.path().substring(1))
                    .toList();
            commands.add(of(rsyncProgram, job, route, List.of("--relative"), same, sources, standbyBase + "/"));
        }
        for (JobPath path : job.paths()) {
            if (path.mapped()) {
                commands.add(of(
                        rsyncProgram,
                        job,
                        route,
                        List.of("--mkpath"),
                        List.of(path),
                        List.of(primaryBase + path.path()),
                        standbyBase + path.destination()));
            }
        }
        return commands;
    }

    private static RsyncCommand of(
            String rsyncProgram,
            SyncJob job,
            Hops.Route route,
            List<String> layout,
            List<JobPath> paths,
            List<String> sources,
            String destination) {
        List<String> args = new ArrayList<>();
        args.add(route.runner().isLocal() ? rsyncProgram : "rsync");
        args.addAll(job.options().arguments());
        args.addAll(layout);
        args.add("--verbose");
        args.add("--stats");
        if (job.deleteExtraneous()) {
            args.add("--delete");
        }
        // Includes first: rsync takes the first matching rule, so an include wins over a wider exclude.
        for (String pattern : job.includeList()) {
            args.add("--include=" + pattern);
        }
        for (String pattern : job.excludeList()) {
            args.add("--exclude=" + pattern);
        }
        boolean remoteSource = route.peer().isPresent() && !route.runnerIsPrimary();
        boolean remoteDestination = route.peer().isPresent() && route.runnerIsPrimary();
        if (route.peer().isPresent()) {
            args.add("--protect-args");
            args.add("-e");
            args.add(Hops.rsh(route.ssh()));
        }
        args.add("--");
        for (String source : sources) {
            args.add((remoteSource ? route.peerPrefix() : "") + source);
        }
        args.add((remoteDestination ? route.peerPrefix() : "") + destination);
        return new RsyncCommand(route.runner(), route.peer(), args, paths);
    }

    /**
     * The same transfer as a dry run that lists every change it would make, changing nothing. Names are printed as
     * they are ({@code --8-bit-output}), not escaped as in the C locale, so that they match the job's paths.
     */
    public RsyncCommand dryRun() {
        return dryRun(List.of("--dry-run", "--itemize-changes", "--8-bit-output"));
    }

    /**
     * A dry run that lists every item, changed or not ({@code -ii}), and the files it skips because of an option
     * such as {@code --ignore-existing} ({@code --info=skip1}), so that the files on the source can be counted per
     * path.
     */
    public RsyncCommand dryRunListingAll() {
        return dryRun(List.of("--dry-run", "--itemize-changes", "--itemize-changes", "--info=skip1", "--8-bit-output"));
    }

    private RsyncCommand dryRun(List<String> options) {
        List<String> args = new ArrayList<>(arguments);
        args.addAll(1, options);
        return new RsyncCommand(runner, peer, args, paths);
    }

    /** The command as it would be typed into a shell on its host, each argument quoted: for people to read and copy. */
    public String display() {
        String command = PosixQuoting.join(arguments);
        return runner.isLocal() ? command : "[on " + runner.name() + "] " + command;
    }

    /** Several invocations as the job page and the run record show them, one per line. */
    public static String display(List<RsyncCommand> commands) {
        return String.join("\n", commands.stream().map(RsyncCommand::display).toList());
    }
}
