package app.syncboard.jobs;

/**
 * Before a run with {@code --delete}, a dry run counts what would be deleted on the standby. More than
 * {@code maxFiles} files in all, or more than {@code maxPercent} percent of the files under one job path, and the
 * run is BLOCKED until an operator approves it; so is any deletion under a job path whose source is empty (an
 * unmounted volume looks like that). A null limit is not checked. The share counts from {@link #SHARE_FROM}
 * deletions on, so that removing one of three files in a small directory is no alarm.
 */
public record DeletionGuard(boolean enabled, Integer maxFiles, Integer maxPercent) {

    public static final DeletionGuard DEFAULTS = new DeletionGuard(true, 1000, 10);

    static final int SHARE_FROM = 10;

    /** Why {@code deletions} files in all are too many, or null. */
    public String tooManyFiles(long deletions) {
        if (maxFiles != null && deletions > maxFiles) {
            return deletions + " files would be deleted on the standby, more than the limit of " + maxFiles + ".";
        }
        return null;
    }

    /** Why deleting {@code deletions} of the {@code standbyFiles} files under {@code path} is too much, or null. */
    public String tooLargeShare(String path, long deletions, long standbyFiles) {
        if (maxPercent != null && deletions >= SHARE_FROM && deletions * 100 > (long) maxPercent * standbyFiles) {
            long percent = standbyFiles == 0 ? 100 : Math.min(100, Math.round(deletions * 100.0 / standbyFiles));
            return deletions + " of " + standbyFiles + " files under " + path + " (" + percent
                    + "%) would be deleted on the standby, more than the limit of " + maxPercent + "%.";
        }
        return null;
    }

    /** The limits in words, for the job page. */
    public String text() {
        if (!enabled) {
            return "off: deletions are not checked before a run";
        }
        String files = maxFiles == null ? null : "more than " + maxFiles + " files";
        String share = maxPercent == null ? null : "more than " + maxPercent + "% of the files under a path";
        String limits = files != null && share != null ? files + " or " + share : files != null ? files : share;
        return "on: a dry run first; BLOCKED when it would delete " + (limits == null ? "" : limits + ", or ")
                + "anything under a path whose source is empty";
    }
}
