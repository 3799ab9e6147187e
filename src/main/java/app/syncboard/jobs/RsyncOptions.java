package app.syncboard.jobs;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The rsync options a job sets as fields, and further options from {@link RsyncArguments}'s allow-list (one per
 * line in {@code extraArguments}). Never free text on a command line: each becomes one argument.
 */
public record RsyncOptions(
        boolean archive,
        boolean checksum,
        boolean compress,
        boolean hardLinks,
        boolean acls,
        boolean xattrs,
        boolean numericIds,
        boolean partial,
        Integer bandwidthLimitKib,
        String extraArguments) {

    /** What a job had before options were fields: {@code --archive} alone. */
    public static final RsyncOptions DEFAULTS =
            new RsyncOptions(true, false, false, false, false, false, false, false, null, null);

    public List<String> extraArgumentList() {
        if (extraArguments == null) {
            return List.of();
        }
        return Arrays.stream(extraArguments.split("\n"))
                .map(String::strip)
                .filter(line -> !line.isEmpty())
                .toList();
    }

    /** The options as rsync arguments, in a fixed order. */
    public List<String> arguments() {
        List<String> args = new ArrayList<>();
        if (archive) {
            args.add("--archive");
        } else {
            // Without -a rsync would skip directories: recurse and keep at least the modification times.
            args.add("--recursive");
            args.add("--times");
        }
        add(args, hardLinks, "--hard-links");
        add(args, acls, "--acls");
        add(args, xattrs, "--xattrs");
        add(args, numericIds, "--numeric-ids");
        add(args, checksum, "--checksum");
        add(args, compress, "--compress");
        add(args, partial, "--partial");
        if (bandwidthLimitKib != null) {
            args.add("--bwlimit=" + bandwidthLimitKib);
        }
        args.addAll(extraArgumentList());
        return args;
    }

    private static void add(List<String> args, boolean on, String option) {
        if (on) {
            args.add(option);
        }
    }
}
