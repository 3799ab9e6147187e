package app.syncboard.runs;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What an {@code rsync --dry-run --itemize-changes} would do: the paths it would create, update and delete, each list
 * cut to its first few paths, each count whole. Paths are as rsync prints them: relative to the destination, a
 * directory with a trailing "/", a link without its target, unprintable characters escaped as {@code \#ooo}.
 */
public record ItemizedChanges(
        List<String> created,
        List<String> updated,
        List<String> deleted,
        long createdCount,
        long updatedCount,
        long deletedCount) {

    public ItemizedChanges {
        created = List.copyOf(created);
        updated = List.copyOf(updated);
        deleted = List.copyOf(deleted);
    }

    public boolean truncated() {
        return createdCount > created.size() || updatedCount > updated.size() || deletedCount > deleted.size();
    }

    /**
     * Reads the itemized lines ({@code --out-format='%i %n%L'}) from a run's output, ignoring all others. The code is
     * {@code YXcstpoguax}: the update type, the file type and 9 attribute letters, all "+" for a new item.
     */
    private static final String DELETING = "*deleting   ";
    // All-blank attributes (an unchanged item, listed with -ii) do not match. rsync 3.x prints 9 letters; one more
    // is allowed in case a later version adds one.
    private static final Pattern ITEM = Pattern.compile("([<>ch.])([fdLDS])([.+?a-zA-Z]{9,10}) (.+)");

    /** Whether the line lists one change (not an error, a summary or a figure). */
    static boolean isChangeLine(String line) {
        return line.startsWith(DELETING) || ITEM.matcher(line).matches();
    }

    public static final class Reader implements Consumer<String> {

        private final int cap;
        private final List<String> created = new ArrayList<>();
        private final List<String> updated = new ArrayList<>();
        private final List<String> deleted = new ArrayList<>();
        private long createdCount;
        private long updatedCount;
        private long deletedCount;

        /** @param cap how many paths of each kind to keep */
        public Reader(int cap) {
            if (cap < 0) {
                throw new IllegalArgumentException("cap must not be negative: " + cap);
            }
            this.cap = cap;
        }

        @Override
        public void accept(String line) {
            if (line.startsWith(DELETING) && line.length() > DELETING.length()) {
                keep(deleted, line.substring(DELETING.length()));
                deletedCount++;
                return;
            }
            Matcher item = ITEM.matcher(line);
            if (!item.matches()) {
                return;
            }
            String path = path(item.group(1).charAt(0), item.group(2).charAt(0), item.group(4));
            if (item.group(3).chars().allMatch(c -> c == '+')) {
                keep(created, path);
                createdCount++;
            } else {
                keep(updated, path);
                updatedCount++;
            }
        }

        /**
         * The item's own path: a hard link is followed by " => " and the path it links to, a symlink by " -> " and its
         * target. A name that holds the arrow itself cannot be told from a target that does; the first arrow is taken.
         */
        private static String path(char update, char type, String printed) {
            String arrow = update == 'h' ? " => " : type == 'L' ? " -> " : null;
            int at = arrow == null ? -1 : printed.indexOf(arrow);
            return at < 0 ? printed : printed.substring(0, at);
        }

        private void keep(List<String> paths, String path) {
            if (paths.size() < cap) {
                paths.add(path);
            }
        }

        public ItemizedChanges result() {
            return new ItemizedChanges(created, updated, deleted, createdCount, updatedCount, deletedCount);
        }
    }
}
