package app.syncboard.runs;

import app.syncboard.jobs.RsyncCommand;
import app.syncboard.jobs.SyncJob.JobPath;
import app.syncboard.runs.ItemizedChanges.Change;
import app.syncboard.runs.ItemizedChanges.Item;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * What the deletion guard's dry run ({@code rsync -n -ii}, every item listed) would do, counted per job path: the
 * files the primary has under it, the files the run would create and delete there. Counting per path keeps one
 * unmounted directory from hiding among large healthy ones, and gives the standby's file count exactly (files on
 * the primary, minus those to create, plus those to delete) without listing the standby.
 */
final class DeletionCount {

    /** The counts under one job path; {@code label} is the path as the job names it. */
    record PathCount(String label, long sourceFiles, long created, long deleted) {

        long standbyFiles() {
            return sourceFiles - created + deleted;
        }
    }

    private final int keep;
    private final List<Scope> scopes = new ArrayList<>();
    private final List<String> deletedPaths = new ArrayList<>();
    private long deletedFiles;
    private String uncovered;

    /** @param keep how many paths of files to delete to keep for the record */
    DeletionCount(int keep) {
        this.keep = keep;
    }

    /** A reader for the output of the dry run of {@code command}; feed it every line. */
    Consumer<String> readerFor(RsyncCommand command) {
        List<Scope> own = new ArrayList<>();
        String shownPrefix = "";
        if (command.mapped()) {
            JobPath path = command.paths().get(0);
            own.add(new Scope(path.text(), ""));
            shownPrefix = path.destination().substring(1);
        } else {
            for (JobPath path : command.paths()) {
                own.add(new Scope(path.path(), path.path().substring(1)));
            }
        }
        scopes.addAll(own);
        String prefix = shownPrefix;
        return line -> {
            Item item = ItemizedChanges.item(line);
            if (item == null || item.directory()) {
                return;
            }
            boolean covered = false;
            for (Scope scope : own) {
                if (scope.covers(item.path())) {
                    scope.count(item.change());
                    covered = true;
                }
            }
            if (!covered && uncovered == null) {
                uncovered = prefix + item.path();
            }
            if (item.change() == Change.DELETED) {
                deletedFiles++;
                if (deletedPaths.size() < keep) {
                    deletedPaths.add(prefix + item.path());
                }
            }
        };
    }

    /**
     * A file the dry run listed under none of the job's paths, or null. The counts per path cannot be trusted then
     * (rsync printed a name differently than the job spells it).
     */
    String uncovered() {
        return uncovered;
    }

    /** Files (not directories) the run would delete on the standby, over all paths. */
    long deletedFiles() {
        return deletedFiles;
    }

    /** The first of them, as paths under the standby's base. */
    List<String> deletedPaths() {
        return List.copyOf(deletedPaths);
    }

    List<PathCount> byPath() {
        return scopes.stream()
                .map(s -> new PathCount(s.label, s.sourceFiles, s.created, s.deleted))
                .toList();
    }

    private static final class Scope {

        final String label;
        /** As rsync prints paths under the job path: "" for all, "home/" for a directory, "etc/passwd" for a file. */
        final String prefix;

        long sourceFiles;
        long created;
        long deleted;

        Scope(String label, String prefix) {
            this.label = label;
            this.prefix = prefix;
        }

        boolean covers(String path) {
            if (prefix.isEmpty() || prefix.endsWith("/")) {
                return path.startsWith(prefix);
            }
            return path.equals(prefix) || path.startsWith(prefix + "/");
        }

        void count(Change change) {
            switch (change) {
                case CREATED -> {
                    created++;
                    sourceFiles++;
                }
                case UPDATED, UNCHANGED -> sourceFiles++;
                case DELETED -> deleted++;
            }
        }
    }
}
