package app.syncboard.sshtest;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import org.apache.sshd.common.config.keys.AuthorizedKeyEntry;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.PublicKeyEntryResolver;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.common.util.security.SecurityUtils;
import org.apache.sshd.core.CoreModuleProperties;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.ExitCallback;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;

/**
 * An SSH server inside the test JVM (Apache MINA SSHD) on a loopback address, so that tests of the app's SSH client
 * need no sshd installed and can do what a real server cannot be asked to: change its host key on the same port
 * ({@link #restartWithNewHostKey}) or die in the middle of a transfer ({@link #stopAbruptly}).
 *
 * <p>It behaves like OpenSSH where the app can tell: public-key authentication only, for any user name, and an
 * exec request runs {@code /bin/sh -c <command>} as a child process in the JVM user's home directory, with binary
 * stdin/stdout/stderr and the exit status passed through, so rsync works through it both as the remote
 * {@code rsync --server} and as a streaming command. Unlike OpenSSH, which only closes the command's pipes, the
 * command and everything it started is SIGKILLed when its session drops, or 200 ms after the client closes its
 * channel, so a test never leaves an rsync behind. A command killed by a signal reports 128 + signal as its exit
 * status (OpenSSH sends exit-signal instead). Interactive shells, subsystems and forwarding are refused.
 *
 * <p>The host key is ECDSA P-256: MINA can only handle ed25519 keys with BouncyCastle or net.i2p eddsa on the
 * classpath (BouncyCastle is there today, brought by the OpenID Connect test issuer), and without one ed25519 client
 * keys are refused at start (use {@link TestKeys#ecdsa()}).
 */
public final class SshTestServer implements AutoCloseable {

    /** How long a command may outlive a channel the client closed before it is killed anyway. */
    private static final Duration COMMAND_EXIT_TIMEOUT = Duration.ofMillis(200);

    private final String address;
    private final Supplier<List<String>> authorizedKeys;
    private final List<String> executedCommands = new CopyOnWriteArrayList<>();
    private KeyPair hostKey;
    private int port;
    private SshServer server;
    /** The PATH commands run with; null: this JVM's. */
    private volatile String path;
    /** The directory commands run in; null: the JVM user's home directory. */
    private volatile Path directory;

    private SshTestServer(String address, Supplier<List<String>> authorizedKeys) {
        this.address = address;
        this.authorizedKeys = authorizedKeys;
    }

    /** Starts a server on a free port of {@code address} (e.g. {@code 127.0.0.2}) that lets these keys in. */
    public static SshTestServer start(String address, TestKeys.ClientKey... clients) {
        return start(
                address,
                Arrays.stream(clients).map(TestKeys.ClientKey::publicKeyLine).toList());
    }

    /** Starts a server that lets in the keys of these OpenSSH public key lines ({@code type base64 [comment]}). */
    public static SshTestServer start(String address, Collection<String> publicKeyLines) {
        List<String> lines = List.copyOf(publicKeyLines);
        return start(new SshTestServer(address, () -> lines));
    }

    /**
     * Starts a server that lets in the keys in an authorized_keys file, read again at every login so that a test
     * can add or remove keys while the server runs. Key options ({@code from=...}, {@code command=...}) are ignored.
     */
    public static SshTestServer start(String address, Path authorizedKeysFile) {
        return start(new SshTestServer(address, () -> {
            try {
                return Files.readAllLines(authorizedKeysFile, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }));
    }

    private static SshTestServer start(SshTestServer server) {
        parseKeys(server.authorizedKeys.get());
        server.hostKey = newHostKey();
        server.listen();
        return server;
    }

    /** The loopback address the server listens on. */
    public String address() {
        return address;
    }

    /** The port the server listens on, the same across restarts. */
    public int port() {
        return port;
    }

    /** The host key as an OpenSSH public key line, e.g. {@code ecdsa-sha2-nistp256 AAAA...}. */
    public String hostKeyLine() {
        return PublicKeyEntry.toString(hostKey.getPublic());
    }

    /** The host key's fingerprint as ssh clients show it, e.g. {@code SHA256:abc...} without base64 padding. */
    public String hostKeySha256() {
        return TestKeys.sha256Fingerprint(hostKeyLine());
    }

    /** The line a known_hosts file needs to trust this server: {@code [address]:port type base64}. */
    public String knownHostsLine() {
        return "[" + address + "]:" + port + " " + hostKeyLine();
    }

    /** Every command string clients asked to execute, in order, exactly as received. */
    public List<String> executedCommands() {
        return List.copyOf(executedCommands);
    }

    /** Whether the server accepts connections (false after {@link #stopAbruptly} until {@link #restart}). */
    public boolean isRunning() {
        return server != null && server.isStarted();
    }

    /**
     * Drops every session and the listening socket at once and kills every running command, as if sshd had been
     * killed in the middle of a transfer. Clients see the connection reset, not an orderly close.
     */
    public void stopAbruptly() {
        if (server != null) {
            try {
                server.stop(true);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } finally {
                server = null;
            }
        }
    }

    /** Stops (abruptly, if still running) and listens again on the same address and port with the same key. */
    public void restart() {
        stopAbruptly();
        listen();
    }

    /**
     * Stops and listens again on the same address and port with a freshly generated host key, so that a client
     * that trusted the old one must report that the host key changed.
     */
    public void restartWithNewHostKey() {
        stopAbruptly();
        hostKey = newHostKey();
        listen();
    }

    @Override
    public void close() {
        stopAbruptly();
    }

    private void listen() {
        if (port == 0) {
            try {
                server = startServer();
            } catch (IOException e) {
                throw new UncheckedIOException("Could not start the SSH test server on " + address, e);
            }
            port = server.getPort();
        } else {
            // The socket of the stopped server may take a moment to be free for a new one.
            await().atMost(Duration.ofSeconds(10))
                    .pollDelay(Duration.ZERO)
                    .pollInterval(Duration.ofMillis(20))
                    .ignoreExceptionsInstanceOf(BindException.class)
                    .until(() -> {
                        server = startServer();
                        return true;
                    });
        }
    }

    private SshServer startServer() throws IOException {
        SshServer sshd = SshServer.setUpDefaultServer();
        sshd.setHost(address);
        sshd.setPort(port);
        sshd.setKeyPairProvider(KeyPairProvider.wrap(hostKey));
        sshd.setPasswordAuthenticator(null);
        sshd.setKeyboardInteractiveAuthenticator(null);
        sshd.setGSSAuthenticator(null);
        sshd.setHostBasedAuthenticator(null);
        sshd.setPublickeyAuthenticator((user, key, session) -> isAuthorized(key));
        sshd.setShellFactory(null);
        sshd.setCommandFactory((channel, command) -> {
            executedCommands.add(command);
            return new ShellCommand(command, path, directory);
        });
        CoreModuleProperties.COMMAND_EXIT_TIMEOUT.set(sshd, COMMAND_EXIT_TIMEOUT);
        try {
            sshd.start();
        } catch (IOException | RuntimeException e) {
            sshd.stop(true);
            throw e;
        }
        return sshd;
    }

    private boolean isAuthorized(PublicKey offered) {
        return parseKeys(authorizedKeys.get()).stream().anyMatch(key -> KeyUtils.compareKeys(key, offered));
    }

    private static List<PublicKey> parseKeys(List<String> lines) {
        List<PublicKey> keys = new ArrayList<>();
        for (String line : lines) {
            if (line.isBlank() || line.strip().startsWith("#")) {
                continue;
            }
            AuthorizedKeyEntry entry = AuthorizedKeyEntry.parseAuthorizedKeyEntry(line.strip());
            if (entry.getKeyType().contains("ed25519") && !SecurityUtils.isEDDSACurveSupported()) {
                throw new IllegalArgumentException("MINA SSHD cannot check ed25519 keys without BouncyCastle or"
                        + " net.i2p eddsa on the test classpath; use TestKeys.ecdsa() or TestKeys.rsa(): " + line);
            }
            try {
                keys.add(entry.resolvePublicKey(null, PublicKeyEntryResolver.FAILING));
            } catch (IOException | GeneralSecurityException | RuntimeException e) {
                throw new IllegalArgumentException("not a usable public key line: " + line, e);
            }
        }
        return keys;
    }

    private static KeyPair newHostKey() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * One exec request: {@code /bin/sh -c} with the whole command string as its single argument, as OpenSSH runs
     * it. MINA's own {@code ProcessShellCommandFactory} splits the string into words itself and runs them without
     * a shell, so {@code ;}, {@code $((...))} and the backslash escapes rsync puts in remote paths do not work; and
     * its {@code InvertedShellWrapper} polls the streams with sleeps and kills only the direct child. This pumps
     * them with blocking threads and kills the whole process tree.
     */
    /**
     * Runs later commands with this PATH instead of the JVM's, e.g. with a test's own {@code rsync} first, or
     * without one at all.
     */
    public SshTestServer withPath(String path) {
        this.path = path;
        return this;
    }

    /**
     * Runs later commands in this directory instead of the home directory. The servers of a test share one
     * filesystem; a relative path then names a file of each server's own, as an absolute one would on two machines.
     */
    public SshTestServer withDirectory(Path directory) {
        this.directory = directory;
        return this;
    }

    private static final class ShellCommand implements Command {

        private final String command;
        private final String path;
        private final Path directory;
        private InputStream in;
        private OutputStream out;
        private OutputStream err;
        private ExitCallback exitCallback;
        private Process process;

        ShellCommand(String command, String path, Path directory) {
            this.command = command;
            this.path = path;
            this.directory = directory;
        }

        @Override
        public void setInputStream(InputStream in) {
            this.in = in;
        }

        @Override
        public void setOutputStream(OutputStream out) {
            this.out = out;
        }

        @Override
        public void setErrorStream(OutputStream err) {
            this.err = err;
        }

        @Override
        public void setExitCallback(ExitCallback callback) {
            this.exitCallback = callback;
        }

        @Override
        public synchronized void start(ChannelSession channel, Environment env) throws IOException {
            ProcessBuilder builder = new ProcessBuilder("/bin/sh", "-c", command)
                    .directory((directory == null ? Path.of(System.getProperty("user.home")) : directory).toFile());
            if (path != null) {
                builder.environment().put("PATH", path);
            }
            process = builder.start();
            Thread stdin = pump("stdin", in, process.getOutputStream(), true);
            Thread stdout = pump("stdout", process.getInputStream(), out, false);
            Thread stderr = pump("stderr", process.getErrorStream(), err, false);
            daemon("exit", () -> {
                try {
                    int status = process.waitFor();
                    // Like sshd: all output reaches the client before the exit status.
                    stdout.join();
                    stderr.join();
                    exitCallback.onExit(status);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    stdin.interrupt();
                }
            });
        }

        private Thread pump(String name, InputStream from, OutputStream to, boolean closeTarget) {
            return daemon(name, () -> {
                byte[] buffer = new byte[32 * 1024];
                try {
                    for (int n; (n = from.read(buffer)) != -1; ) {
                        to.write(buffer, 0, n);
                        to.flush();
                    }
                } catch (IOException e) {
                    // the process or the channel is gone; the exit status or the close tells the rest
                } finally {
                    if (closeTarget) {
                        try {
                            to.close();
                        } catch (IOException e) {
                            // the process has exited
                        }
                    }
                }
            });
        }

        private Thread daemon(String name, Runnable task) {
            Thread thread = new Thread(task, "ssh-test-" + name + "-" + process.pid());
            thread.setDaemon(true);
            thread.start();
            return thread;
        }

        /** Called by MINA when the channel closes, after a normal exit too: kills whatever is left. */
        @Override
        public synchronized void destroy(ChannelSession channel) {
            if (process == null) {
                return;
            }
            List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
            tree.forEach(ProcessHandle::destroyForcibly);
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
    }
}
