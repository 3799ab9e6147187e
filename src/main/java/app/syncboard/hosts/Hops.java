package app.syncboard.hosts;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Decides where rsync runs for a pair and how it reaches the other side. With a side on the app's own machine, rsync
 * runs there (a remote host cannot reach the app's machine); with two remote hosts, the direction decides. The inner
 * hop uses the runner's own {@code ssh} with {@code BatchMode=yes} and host key checking on; when the runner is the
 * app's machine, the peer's accepted key is the only one its {@code ssh} trusts.
 */
@Component
public class Hops {

    /**
     * Where the sync goes: the runner runs rsync; the peer (absent when both sides are one machine) is reached with
     * {@code ssh} as {@code peerLogin} ({@code user@address}) on {@code peerPort}.
     */
    public record Route(
            Host runner,
            Optional<Host> peer,
            boolean runnerIsPrimary,
            List<String> ssh,
            String peerLogin,
            int peerPort) {

        /** {@code user@address:}, what rsync puts before a path on the peer; empty without a peer. */
        public String peerPrefix() {
            return peer.isPresent() ? peerLogin + ":" : "";
        }
    }

    /** A hop that cannot be built as configured; the message says what to change. */
    public static final class HopProblem extends RuntimeException {
        HopProblem(String message) {
            super(message);
        }
    }

    private final SshSettings settings;

    public Hops(SshSettings settings) {
        this.settings = settings;
    }

    public Route route(Pair pair, Host primary, Host standby, Direction direction) {
        boolean runnerIsPrimary = primary.isLocal() || (!standby.isLocal() && direction != Direction.PULL);
        Host runner = runnerIsPrimary ? primary : standby;
        Host peer = runnerIsPrimary ? standby : primary;
        if (peer.id().equals(runner.id())) {
            return new Route(runner, Optional.empty(), runnerIsPrimary, List.of(), "", 0);
        }
        HopSettings hop = pair.hopSettings();
        String address = hop.address() != null ? hop.address() : peer.address();
        int port = hop.port() != null ? hop.port() : peer.port();
        List<String> ssh = new ArrayList<>(List.of(
                "ssh",
                "-p",
                String.valueOf(port),
                "-o",
                "BatchMode=yes",
                "-o",
                "StrictHostKeyChecking=yes",
                "-o",
                "ConnectTimeout=" + Math.max(1, settings.connectTimeout().toSeconds()),
                "-o",
                "ServerAliveInterval="
                        + Math.max(1, settings.keepAliveInterval().toSeconds()),
                "-o",
                "ServerAliveCountMax=" + settings.keepAliveCountMax()));
        String identity = hop.identityFile();
        if (identity == null && runner.isLocal()) {
            if (peer.keyFile() == null || peer.passphraseSecret() != null) {
                throw new HopProblem("rsync runs on this machine and reaches " + peer.name() + " with the ssh program,"
                        + " which cannot use a pasted or passphrase-protected key: set an identity file for the hop"
                        + " in the pair, or give " + peer.name() + " a key file without passphrase.");
            }
            identity = peer.keyFile();
        }
        if (identity != null) {
            ssh.addAll(List.of("-i", safe(identity, "identity file"), "-o", "IdentitiesOnly=yes"));
        }
        if (hop.knownHostsFile() != null) {
            ssh.addAll(List.of("-o", "UserKnownHostsFile=" + safe(hop.knownHostsFile(), "known_hosts file")));
        } else if (runner.isLocal()) {
            ssh.addAll(List.of(
                    "-o",
                    "UserKnownHostsFile=" + safe(pinnedKnownHosts(peer).toString(), "known_hosts directory"),
                    "-o",
                    "GlobalKnownHostsFile=/dev/null",
                    "-o",
                    "HostKeyAlias=" + alias(peer)));
        }
        String login = peer.username() + "@" + HostNames.bracketed(address);
        return new Route(runner, Optional.of(peer), runnerIsPrimary, List.copyOf(ssh), login, port);
    }

    /** The string for rsync's {@code -e}: words joined by spaces, none of them holding a space or a quote. */
    public static String rsh(List<String> ssh) {
        return String.join(" ", ssh);
    }

    private static String alias(Host host) {
        return "syncboard-host-" + host.id();
    }

    /** A known_hosts file trusting exactly the peer's accepted key, written before each use. */
    private Path pinnedKnownHosts(Host peer) {
        HostKeys.PublicKey key = peer.acceptedKey()
                .orElseThrow(() -> new HopProblem("The host key of " + peer.name()
                        + " has not been accepted yet: open the host's page, compare its fingerprint and accept it."));
        Path dir = settings.knownHostsDir().toAbsolutePath().normalize();
        Path file = dir.resolve("known_hosts-" + peer.id());
        try {
            Files.createDirectories(dir);
            Path temp = Files.createTempFile(dir, "known_hosts-", ".tmp");
            Files.writeString(temp, alias(peer) + " " + key.line() + "\n", StandardCharsets.US_ASCII);
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
        return file;
    }

    private static String safe(String value, String what) {
        if (!HostNames.fitsRsh(value)) {
            throw new HopProblem("The " + what + " path " + value + " contains a space, a quote or a backslash,"
                    + " which rsync's -e option cannot carry; use a path without them.");
        }
        return value;
    }
}
