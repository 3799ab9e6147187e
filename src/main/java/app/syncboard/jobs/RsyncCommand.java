package app.syncboard.jobs;

import app.syncboard.hosts.Host;
import app.syncboard.hosts.Pair;
import java.util.ArrayList;
import java.util.List;

/**
 * The rsync invocation for one run of a job, as an argument list (never a shell string).
 *
 * <p>Each job path is sent as {@code <primary base>/./<path>} with {@code --relative}, so that it lands at the
 * same path under the standby's base and several paths go in one transfer.
 */
public record RsyncCommand(List<String> arguments) {

    public RsyncCommand {
        arguments = List.copyOf(arguments);
    }

    public static RsyncCommand of(String rsyncProgram, SyncJob job, Pair pair, Host primary, Host standby) {
        if (!primary.isLocal() || !standby.isLocal()) {
            throw new IllegalArgumentException("only the local host can run syncs in this version");
        }
        List<String> args = new ArrayList<>();
        args.add(rsyncProgram);
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
        args.add("--");
        String base = withoutTrailingSlash(pair.primaryPath());
        for (String path : job.pathList()) {
            args.add(base + "/./" + path.substring(1));
        }
        args.add(withoutTrailingSlash(pair.standbyPath()) + "/");
        return new RsyncCommand(args);
    }

    /** The command as it would be typed into a shell, each argument quoted: for people to read and copy. */
    public String display() {
        return PosixQuoting.join(arguments);
    }

    private static String withoutTrailingSlash(String path) {
        String result = path;
        while (result.endsWith("/")) {
            result = result.substring(0, result.length() - 1);
        }
        return result;
    }
}
