package app.syncboard.jobs;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The rsync options a job may add beyond its fields. Anything that runs a command ({@code --rsync-path},
 * {@code -e}), reads or writes files syncboard does not manage ({@code --files-from}, {@code --log-file},
 * {@code --write-batch}), deletes on the source ({@code --remove-source-files}) or changes what a run means
 * ({@code --dry-run}, {@code --filter}) is not on the list.
 */
public final class RsyncArguments {

    private static final Pattern NUMBER = Pattern.compile("[0-9]{1,9}");
    private static final Pattern SIZE = Pattern.compile("[0-9]{1,12}(\\.[0-9]{1,3})?[bBkKmMgGtT]?([bB])?([+-]1)?");
    private static final Pattern CHMOD = Pattern.compile("[DFugoa+=,rwxXst0-7-]{1,100}");
    private static final Pattern OWNER = Pattern.compile(
            "[A-Za-z0-9_][A-Za-z0-9_.-]{0,31}(:[A-Za-z0-9_][A-Za-z0-9_.-]{0,31})?|:[A-Za-z0-9_][A-Za-z0-9_.-]{0,31}");
    private static final Pattern SUFFIX = Pattern.compile("[A-Za-z0-9_.~-]{1,50}");
    // Plain characters only: rsync may hand option values to the standby's shell when it is remote.
    private static final Pattern ABSOLUTE = Pattern.compile("/[A-Za-z0-9._+@%,:=~/-]{0,4095}");
    private static final Pattern WORD = Pattern.compile("[A-Za-z0-9_.,-]{1,100}");

    /** Options without a value. */
    private static final Map<String, String> FLAGS = new TreeMap<>(Map.ofEntries(
            Map.entry("--one-file-system", "stay on the source's file systems"),
            Map.entry("--sparse", "write sparse files efficiently"),
            Map.entry("--inplace", "update files in place"),
            Map.entry("--append-verify", "append to shorter files, then verify"),
            Map.entry("--delete-before", "delete before the transfer"),
            Map.entry("--delete-during", "delete during the transfer"),
            Map.entry("--delete-delay", "find deletions during, delete after"),
            Map.entry("--delete-after", "delete after the transfer"),
            Map.entry("--delete-excluded", "also delete excluded files on the standby"),
            Map.entry("--delay-updates", "put updated files in place at the end"),
            Map.entry("--fuzzy", "look for a similar file as a basis"),
            Map.entry("--ignore-existing", "skip files that exist on the standby"),
            Map.entry("--update", "skip files that are newer on the standby"),
            Map.entry("--size-only", "compare sizes only"),
            Map.entry("--ignore-times", "do not skip files that match in size and time"),
            Map.entry("--omit-dir-times", "do not keep directory times"),
            Map.entry("--omit-link-times", "do not keep symlink times"),
            Map.entry("--whole-file", "copy whole files, no delta"),
            Map.entry("--no-whole-file", "always use the delta algorithm"),
            Map.entry("--preallocate", "allocate files before writing"),
            Map.entry("--fsync", "fsync every written file"),
            Map.entry("--open-noatime", "do not change access times on the source"),
            Map.entry("--safe-links", "ignore symlinks that point outside the tree"),
            Map.entry("--copy-unsafe-links", "copy the files of symlinks that point outside the tree"),
            Map.entry("--munge-links", "make symlinks unusable on the standby"),
            Map.entry("--copy-links", "copy files instead of symlinks"),
            Map.entry("--keep-dirlinks", "treat symlinked directories on the standby as directories"),
            Map.entry("--ignore-errors", "delete even when there are I/O errors"),
            Map.entry("--force", "delete non-empty directories that a file replaces"),
            Map.entry("--itemize-changes", "list every change in the log"),
            Map.entry("--executability", "keep the executable bit (without --archive)"),
            Map.entry("--perms", "keep permissions (without --archive)"),
            Map.entry("--owner", "keep the owner (without --archive)"),
            Map.entry("--group", "keep the group (without --archive)"),
            Map.entry("--links", "copy symlinks as symlinks (without --archive)"),
            Map.entry("--devices", "copy device files (without --archive)"),
            Map.entry("--specials", "copy special files (without --archive)"),
            Map.entry("--atimes", "keep access times"),
            Map.entry("--crtimes", "keep creation times"),
            Map.entry("--backup", "keep replaced and deleted files with a suffix"),
            Map.entry("--mkpath", "create missing parent directories on the standby")));

    /** Options written {@code --name=value}, with what the value must look like. */
    private static final Map<String, Value> VALUED = new TreeMap<>(Map.ofEntries(
            Map.entry("--timeout", new Value(NUMBER, "seconds, such as 600", "stop when no data moves for this long")),
            Map.entry("--contimeout", new Value(NUMBER, "seconds, such as 30", "connection timeout (rsync daemon)")),
            Map.entry("--modify-window", new Value(NUMBER, "seconds, such as 1", "compare times with this tolerance")),
            Map.entry("--max-delete", new Value(NUMBER, "a number of files", "delete at most this many files")),
            Map.entry("--max-size", new Value(SIZE, "a size such as 10G", "skip files larger than this")),
            Map.entry("--min-size", new Value(SIZE, "a size such as 1k", "skip files smaller than this")),
            Map.entry("--block-size", new Value(NUMBER, "bytes", "fixed checksum block size")),
            Map.entry("--compress-level", new Value(NUMBER, "a level such as 6", "compression level")),
            Map.entry("--compress-choice", new Value(WORD, "zstd, lz4, zlibx, zlib or none", "compression algorithm")),
            Map.entry("--checksum-choice", new Value(WORD, "xxh128, xxh3, md5...", "checksum algorithm")),
            Map.entry("--chmod", new Value(CHMOD, "a mode such as D2775,F664", "change permissions on the standby")),
            Map.entry("--chown", new Value(OWNER, "user:group", "set owner and group on the standby")),
            Map.entry("--suffix", new Value(SUFFIX, "a suffix such as .bak", "suffix for --backup")),
            Map.entry(
                    "--backup-dir",
                    new Value(
                            ABSOLUTE,
                            "an absolute path on the standby (letters, digits and . _ + @ % , : = ~ / - only)",
                            "where --backup keeps files")),
            Map.entry(
                    "--partial-dir",
                    new Value(SUFFIX, "a directory name such as .rsync-partial", "where partial files wait")),
            Map.entry(
                    "--link-dest",
                    new Value(
                            ABSOLUTE,
                            "an absolute path on the standby (letters, digits and . _ + @ % , : = ~ / - only)",
                            "hard-link unchanged files to this tree")),
            Map.entry(
                    "--compare-dest",
                    new Value(
                            ABSOLUTE,
                            "an absolute path on the standby (letters, digits and . _ + @ % , : = ~ / - only)",
                            "skip files identical in this tree")),
            Map.entry(
                    "--copy-dest",
                    new Value(
                            ABSOLUTE,
                            "an absolute path on the standby (letters, digits and . _ + @ % , : = ~ / - only)",
                            "copy unchanged files from this tree")),
            Map.entry("--iconv", new Value(WORD, "charsets such as utf8,iso88591", "convert file name charsets"))));

    private record Value(Pattern pattern, String expected, String meaning) {}

    private RsyncArguments() {}

    /** Why the argument is not accepted, or empty when it is. */
    public static Optional<String> problemWith(String argument) {
        if (FLAGS.containsKey(argument)) {
            return Optional.empty();
        }
        int equals = argument.indexOf('=');
        String name = equals < 0 ? argument : argument.substring(0, equals);
        Value value = VALUED.get(name);
        if (value == null) {
            return Optional.of(
                    Typed.quoted(argument) + " is not one of the accepted options (see the list below the field)."
                            + (argument.startsWith("--")
                                    ? ""
                                    : " Write options in their long form, such as --one-file-system."));
        }
        if (equals < 0) {
            return Optional.of(name + " needs a value: " + name + "=" + value.expected() + ".");
        }
        String given = argument.substring(equals + 1);
        if (!value.pattern().matcher(given).matches() || given.contains("/../") || given.endsWith("/..")) {
            return Optional.of(name + " takes " + value.expected() + ".");
        }
        return Optional.empty();
    }

    /** The accepted options with what each does, for the form's help. */
    public static Map<String, String> accepted() {
        Map<String, String> all = new TreeMap<>(FLAGS);
        VALUED.forEach((name, value) -> all.put(name + "=…", value.meaning()));
        return all;
    }
}
