package app.syncboard.hosts;

/** A host key an admin pastes: a {@code known_hosts} line, or the host's {@code ssh_host_*_key.pub}. */
public record HostKeyForm(String knownHostsLine) {

    static HostKeyForm empty() {
        return new HostKeyForm("");
    }
}
