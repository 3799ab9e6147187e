package app.syncboard.jobs;

/**
 * Before a run with {@code --delete}, a dry run counts what would be deleted; more than {@code maxFiles} files, or
 * more than {@code maxPercent} percent of the destination, and the run is BLOCKED until an operator approves it.
 * A null limit is not checked. The share counts from {@link #SHARE_FROM} deletions on, so that removing one of
 * three files in a small tree is no alarm; an empty source that would delete anything is always blocked.
 */
public record DeletionGuard(boolean enabled, Integer maxFiles, Integer maxPercent) {

    public static final DeletionGuard DEFAULTS = new DeletionGuard(true, 1000, 10);

    static final int SHARE_FROM = 10;

    /**
     * Why {@code deletions} out of {@code destinationFiles} is too many, or null when it is within the limits.
     *
     * @param sourceEmpty the source holds nothing but its top directories (empty, or an unmounted mount point)
     */
    public String exceeded(long deletions, long destinationFiles, boolean sourceEmpty) {
        if (sourceEmpty && deletions > 0) {
            return "the source is empty (an unmounted volume?) and " + deletions
                    + " files would be deleted on the standby.";
        }
        if (maxFiles != null && deletions > maxFiles) {
            return deletions + " files would be deleted on the standby, more than the limit of " + maxFiles + ".";
        }
        if (maxPercent != null && deletions >= SHARE_FROM && deletions * 100 > (long) maxPercent * destinationFiles) {
            long percent =
                    destinationFiles == 0 ? 100 : Math.min(100, Math.round(deletions * 100.0 / destinationFiles));
            return deletions + " of " + destinationFiles + " files (" + percent
                    + "%) would be deleted on the standby, more than the limit of " + maxPercent + "%.";
        }
        return null;
    }
}
