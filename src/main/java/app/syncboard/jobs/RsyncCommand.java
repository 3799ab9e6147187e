package app.syncboard.jobs;

import app.syncboard.hosts.Hops;
import app.syncboard.hosts.Host;
import app.syncboard.hosts.Pair;
import app.syncboard.hosts.PosixQuoting;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The rsync invocation for one run of a job, as an argument list (never a shell string), and the host it runs on.
 *
 * <p>Each job path is sent as {@code <primary base>/./<path>} with {@code --relative}, so that it lands at the
 * same path under the standby's base and several paths go in one transfer. When the other side is remote, it is
 * reached with {@code -e ssh ...} and {@code --protect-args}, so that no remote shell reads the paths.
 */
public record RsyncCommand(Host runner, Optional<Host> peer, List<String> arguments) {

    public RsyncCommand {
        arguments = List.copyOf(arguments);
    }

    /**
     * @param rsyncProgram the rsync to run on the app's machine (a remote runner runs {@code rsync} from its PATH)
     */
    public static RsyncCommand of(String rsyncProgram, SyncJob job, Pair pair, Hops.Route route) {
        List<String> args = new ArrayList<>();
        args.add(route.runner().isLocal() ? rsyncProgram : "rsync");
        args.add("--archive");
        args.add("--relative");
        args.add("--verbose");
        args.add("--stats");
        if (job.deleteExtraneous()) {
            args.add("--delete");
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
        String base = withoutTrailingSlash(pair.primaryPath());
        for (String path : job.pathList()) {
            args.add((remoteSource ? route.peerPrefix() : "") + base + "/./" + path.substring(1));
        }
        args.add((remoteDestination ? route.peerPrefix() : "") + withoutTrailingSlash(pair.standbyPath()) + "/");
        return new RsyncCommand(route.runner(), route.peer(), args);
    }

    /** The command as it would be typed into a shell on its host, each argument quoted: for people to read and copy. */
    public String display() {
        String command = PosixQuoting.join(arguments);
        return runner.isLocal() ? command : "[on " + runner.name() + "] " + command;
    }

    private static String withoutTrailingSlash(String path) {
        String result = path;
        while (result.endsWith("/")) {
            result = result.substring(0, result.length() - 1);
        }
        return result;
    }
}
