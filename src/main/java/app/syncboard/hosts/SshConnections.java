package app.syncboard.hosts;

import app.syncboard.hosts.SshFailure.Kind;
import com.jcraft.jsch.HostKey;
import com.jcraft.jsch.HostKeyRepository;
import com.jcraft.jsch.JSch;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.Session;
import com.jcraft.jsch.UserInfo;
import java.io.FileNotFoundException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Arrays;
import org.springframework.stereotype.Component;

/**
 * Opens JSch sessions to SSH hosts. The host must present exactly its accepted key: a different one is refused as
 * "host key changed" and kept as the offered key for an admin to look at. Host key checking is never switched off;
 * {@link #fetchHostKey} only reads the key a host presents, and logs in to nothing.
 */
@Component
class SshConnections {

    private final Secrets secrets;
    private final SshSettings settings;
    private final Hosts hosts;
    private final Clock clock;

    SshConnections(Secrets secrets, SshSettings settings, Hosts hosts, Clock clock) {
        this.secrets = secrets;
        this.settings = settings;
        this.hosts = hosts;
        this.clock = clock;
    }

    /** A connected, authenticated session; the caller disconnects it. */
    Session open(Host host) throws SshFailure {
        HostKeys.PublicKey pinned = host.acceptedKey()
                .orElseThrow(() -> new SshFailure(
                        Kind.HOST_KEY_NOT_ACCEPTED,
                        "The host key of " + host.name() + " has not been accepted yet: open the host's page, compare"
                                + " its fingerprint and accept it. Nothing runs on the host until then."));
        KeyCheck check = new KeyCheck(pinned);
        JSch jsch = new JSch();
        jsch.setHostKeyRepository(check);
        addIdentity(jsch, host);
        Session session = session(jsch, host);
        session.setConfig("server_host_key", pinned.algorithms());
        try {
            session.connect(millis());
            return session;
        } catch (JSchException e) {
            if (check.presented != null && !check.matched) {
                HostKeys.PublicKey offered = HostKeys.fromBlob(check.presented);
                hosts.recordOfferedKey(host.id(), offered.line(), clock.instant());
                throw new SshFailure(
                        Kind.HOST_KEY_CHANGED,
                        "Host key changed for " + host.name() + " (" + host.address() + "): accepted "
                                + pinned.fingerprint() + ", presented now " + offered.fingerprint() + ". The"
                                + " server may have been reinstalled, or someone may be intercepting the connection."
                                + " Nothing runs on it until an admin accepts the new key.");
            }
            if (e.getMessage() != null && e.getMessage().startsWith("Algorithm negotiation fail")) {
                throw new SshFailure(
                        Kind.HOST_KEY_CHANGED,
                        "Host key changed for " + host.name() + ": it no longer offers its accepted " + pinned.type()
                                + " key (" + pinned.fingerprint() + "). Fetch its key again and compare.");
            }
            throw classify(host, e);
        }
    }

    /** The key the host presents; nothing is trusted or logged in to. */
    HostKeys.PublicKey fetchHostKey(Host host) throws SshFailure {
        KeyCheck check = new KeyCheck(null);
        JSch jsch = new JSch();
        jsch.setHostKeyRepository(check);
        Session session = session(jsch, host);
        try {
            session.connect(millis());
            session.disconnect();
            throw new SshFailure(Kind.OTHER, "the host key was not refused; this is a bug in syncboard");
        } catch (JSchException e) {
            if (check.presented != null) {
                return HostKeys.fromBlob(check.presented);
            }
            throw classify(host, e);
        }
    }

    private Session session(JSch jsch, Host host) throws SshFailure {
        try {
            Session session = jsch.getSession(host.username(), host.address(), host.port());
            session.setConfig("StrictHostKeyChecking", "yes");
            session.setConfig("PreferredAuthentications", "publickey");
            session.setServerAliveInterval((int) settings.keepAliveInterval().toMillis());
            session.setServerAliveCountMax(settings.keepAliveCountMax());
            return session;
        } catch (JSchException e) {
            throw classify(host, e);
        }
    }

    private void addIdentity(JSch jsch, Host host) throws SshFailure {
        try {
            byte[] passphrase = host.passphraseSecret() == null
                    ? null
                    : secrets.decrypt(host.passphraseSecret()).getBytes(StandardCharsets.UTF_8);
            if (host.keySecret() != null) {
                byte[] key = secrets.decrypt(host.keySecret()).getBytes(StandardCharsets.UTF_8);
                jsch.addIdentity(host.name(), key, null, passphrase);
                Arrays.fill(key, (byte) 0);
            } else if (host.keyFile() != null) {
                jsch.addIdentity(host.keyFile(), passphrase);
            } else {
                throw new SshFailure(Kind.KEY_UNREADABLE, "No key is set for " + host.name() + ".");
            }
        } catch (JSchException e) {
            String source = host.keySecret() != null ? "The pasted key" : "The key file " + host.keyFile();
            String why = e.getCause() instanceof FileNotFoundException
                    ? "it does not exist or is not readable by syncboard"
                    : "it is not a private key syncboard can read, or the passphrase is wrong (" + e.getMessage() + ")";
            throw new SshFailure(Kind.KEY_UNREADABLE, source + " of " + host.name() + " cannot be used: " + why + ".");
        } catch (IllegalStateException e) {
            throw new SshFailure(Kind.KEY_UNREADABLE, e.getMessage());
        }
    }

    private int millis() {
        return (int) settings.connectTimeout().toMillis();
    }

    /** Says in words what a JSch failure means, from the exception and its cause. */
    SshFailure classify(Host host, JSchException e) {
        String where = host.address() + ":" + host.port();
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConnectException) {
                return new SshFailure(
                        Kind.CONNECTION_REFUSED,
                        "Connection refused by " + where + ": no SSH server listens there (is sshd running, is the"
                                + " port right?).",
                        e);
            }
            if (t instanceof SocketTimeoutException || t instanceof NoRouteToHostException) {
                return timeout(where, e);
            }
            if (t instanceof UnknownHostException) {
                return new SshFailure(Kind.UNKNOWN_HOST, "The host name " + host.address() + " cannot be resolved.", e);
            }
        }
        String message = String.valueOf(e.getMessage());
        if (message.startsWith("timeout") || message.contains("timed out")) {
            return timeout(where, e);
        }
        if (message.startsWith("Auth fail") || message.startsWith("Auth cancel")) {
            return new SshFailure(
                    Kind.AUTHENTICATION_FAILED,
                    "Authentication failed: " + host.username() + "@" + where + " refused the key. Is its public"
                            + " key in ~" + host.username() + "/.ssh/authorized_keys there?",
                    e);
        }
        return new SshFailure(Kind.OTHER, "SSH to " + where + " failed: " + message, e);
    }

    private SshFailure timeout(String where, JSchException e) {
        return new SshFailure(
                Kind.TIMEOUT,
                "Timeout: " + where + " did not answer within "
                        + settings.connectTimeout().toSeconds()
                        + " s (a firewall, a wrong address, or the host is down).",
                e);
    }

    /** Compares the presented key with the accepted one (or, for a fetch, only records it and refuses). */
    private static final class KeyCheck implements HostKeyRepository {

        private final HostKeys.PublicKey pinned;
        byte[] presented;
        boolean matched;

        KeyCheck(HostKeys.PublicKey pinned) {
            this.pinned = pinned;
        }

        @Override
        public int check(String host, byte[] key) {
            presented = key.clone();
            matched = pinned != null && HostKeys.fromBlob(key).base64().equals(pinned.base64());
            return matched ? OK : pinned == null ? NOT_INCLUDED : CHANGED;
        }

        @Override
        public void add(HostKey hostkey, UserInfo ui) {}

        @Override
        public void remove(String host, String type) {}

        @Override
        public void remove(String host, String type, byte[] key) {}

        @Override
        public String getKnownHostsRepositoryID() {
            return "syncboard";
        }

        @Override
        public HostKey[] getHostKey() {
            return new HostKey[0];
        }

        @Override
        public HostKey[] getHostKey(String host, String type) {
            return new HostKey[0];
        }
    }
}
