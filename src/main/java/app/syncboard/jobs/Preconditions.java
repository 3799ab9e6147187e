package app.syncboard.jobs;

/**
 * Checks built into a job besides its check commands: the other side answers, a marker file exists on the source
 * (proving its volume is mounted). A failed check makes the run SKIPPED, or FAILED when {@code failRun} is set.
 */
public record Preconditions(boolean peerReachable, String sourceMarker, boolean failRun) {

    public static final Preconditions NONE = new Preconditions(false, null, false);
}
