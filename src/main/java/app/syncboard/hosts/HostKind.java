package app.syncboard.hosts;

public enum HostKind {
    /** The app's own machine: commands run as child processes, without SSH. */
    LOCAL,
    /** A machine reached over SSH (JSch) with a key; its host key is pinned. */
    SSH
}
