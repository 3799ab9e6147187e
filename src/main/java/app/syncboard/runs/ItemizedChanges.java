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
record ItemizedChanges(
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
    // rsync 3.x prints 9 attribute letters; one more is allowed in case a later version adds one. All blank: an
    // unchanged item, listed only with -ii.
    private static final Pattern ITEM = Pattern.compile("([<>ch.])([fdLDS])([.+?a-zA-Z]{9,10}| {9,10}) (.+)");

    enum Change {
        CREATED,
        UPDATED,
        UNCHANGED,
        DELETED
    }

    /** One itemized line: what happens to the path (relative to the destination; a directory ends in "/"). */
    record Item(Change change, boolean directory, String path) {}

    /** What rsync prints with {@code --info=skip1} for a source file an option made it skip. */
    private static final Pattern SKIPPED = Pattern.compile("(.+) (exists|is newer|is over max-size|is under min-size)");

    /** The line as an item, or null when it is not one (an error, a summary, a figure). */
    static Item item(String line) {
        if (line.startsWith(DELETING) && line.length() > DELETING.length()) {
            String path = line.substring(DELETING.length());
            return new Item(Change.DELETED, path.endsWith("/"), path);
        }
        Matcher item = ITEM.matcher(line);
        if (!item.matches()) {
            Matcher skipped = SKIPPED.matcher(line);
            return skipped.matches() ? new Item(Change.UNCHANGED, false, skipped.group(1)) : null;
        }
        String attributes = item.group(3);
        Change change = attributes.isBlank()
                ? Change.UNCHANGED
                : attributes.chars().allMatch(c -> c == '+') ? Change.CREATED : Change.UPDATED;
        char type = item.group(2).charAt(0);
        return new Item(change, type == 'd', path(item.group(1).charAt(0), type, item.group(4)));
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

    static final class Reader implements Consumer<String> {

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
            Item item = item(line);
            if (item == null) {
                return;
            }
            switch (item.change()) {
                case CREATED -> {
                    keep(created, item.path());
                    createdCount++;
                }
                case UPDATED -> {
                    keep(updated, item.path());
                    updatedCount++;
                }
                case DELETED -> {
                    keep(deleted, item.path());
                    deletedCount++;
                }
                case UNCHANGED -> {}
            }
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
