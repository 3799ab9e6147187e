package app.syncboard.hosts;

/**
 * How the host that runs rsync reaches the other side with its own {@code ssh}: each empty field falls back to the
 * peer host's own settings (address, port), the runner's default keys and its {@code ~/.ssh/known_hosts}.
 */
public record HopSettings(String address, Integer port, String identityFile, String knownHostsFile) {

    public static final HopSettings DEFAULTS = new HopSettings(null, null, null, null);
}
