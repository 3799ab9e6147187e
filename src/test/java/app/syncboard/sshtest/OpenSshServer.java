package app.syncboard.sshtest;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;

/**
 * A real OpenSSH daemon ({@code /usr/sbin/sshd} from Debian's openssh-server) on a loopback address, for the tests
 * that must prove the app works against the server it will meet in production, not just against
 * {@link SshTestServer}. Everything it needs (host key, config, authorized_keys, pid file, log) lives in its own
 * directory under {@code target/ssh-test}; the system's {@code /etc/ssh} is not read.
 *
 * <p>sshd needs root (it switches users and uses {@code /run/sshd} for privilege separation), so tests call
 * {@code assumeTrue(OpenSshServer.available())}; CI runs as root with openssh-server installed, so there they
 * really run. Logins are by public key only, as the user running the tests.
 */
public final class OpenSshServer implements AutoCloseable {

    private static final Path SSHD = Path.of("/usr/sbin/sshd");
    private static final Path PRIVILEGE_SEPARATION_DIRECTORY = Path.of("/run/sshd");
    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(15);

    private final String address;
    private final int port;
    private final Path directory;
    private final Path hostKey;
    private final Path config;
    private final Path log;
    private Process process;

    private OpenSshServer(String address, int port, Path directory) {
        this.address = address;
        this.port = port;
        this.directory = directory;
        this.hostKey = directory.resolve("ssh_host_ed25519_key");
        this.config = directory.resolve("sshd_config");
        this.log = directory.resolve("sshd.log");
    }

    /** Whether this machine can run the daemon: sshd installed and the tests running as root. */
    public static boolean available() {
        return Files.isExecutable(SSHD) && "root".equals(System.getProperty("user.name"));
    }

    /** Starts sshd on {@code address}:{@code port} (a free port if 0) and lets these keys in. */
    public static OpenSshServer start(String address, int port, TestKeys.ClientKey... clients) {
        return start(
                address,
                port,
                Arrays.stream(clients).map(TestKeys.ClientKey::publicKeyLine).toList());
    }

    /** Starts sshd on {@code address}:{@code port} (a free port if 0) and lets in these public key lines. */
    public static OpenSshServer start(String address, int port, Collection<String> publicKeyLines) {
        if (!available()) {
            throw new IllegalStateException("sshd needs " + SSHD + " (apt-get install openssh-server) and root");
        }
        try {
            OpenSshServer server =
                    new OpenSshServer(address, port == 0 ? freePort(address) : port, TestKeys.newDirectory("sshd-"));
            Files.write(server.authorizedKeysFile(), publicKeyLines, StandardCharsets.UTF_8);
            server.generateHostKey();
            server.writeConfig();
            server.launch();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start sshd on " + address + ": " + e.getMessage(), e);
        }
    }

    /** The loopback address sshd listens on. */
    public String address() {
        return address;
    }

    /** The port sshd listens on, the same across restarts. */
    public int port() {
        return port;
    }

    /** The user to log in as: the one running the tests, since sshd checks that the account exists. */
    public String user() {
        return System.getProperty("user.name");
    }

    /** The authorized_keys file sshd reads at every login; tests may rewrite it while the server runs. */
    public Path authorizedKeysFile() {
        return directory.resolve("authorized_keys");
    }

    /** sshd's own log ({@code -e}), for assertion messages when a login fails. */
    public String log() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no sshd log: " + e.getMessage() + ")";
        }
    }

    /** The host key as an OpenSSH public key line without comment: {@code ssh-ed25519 AAAA...}. */
    public String hostKeyLine() {
        try {
            String[] fields = Files.readString(hostKey.resolveSibling(hostKey.getFileName() + ".pub"))
                    .strip()
                    .split("\\s+");
            return fields[0] + " " + fields[1];
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The host key's fingerprint as ssh clients show it, e.g. {@code SHA256:abc...} without base64 padding. */
    public String hostKeySha256() {
        return TestKeys.sha256Fingerprint(hostKeyLine());
    }

    /** The line a known_hosts file needs to trust this server, {@code [address]:port type base64} off port 22. */
    public String knownHostsLine() {
        String host = port == 22 ? address : "[" + address + "]:" + port;
        return host + " " + hostKeyLine();
    }

    /** Whether the daemon is running (false after {@link #kill} until {@link #restart}). */
    public boolean isRunning() {
        return process != null && process.isAlive();
    }

    /**
     * SIGKILLs the daemon together with its per-connection processes and the commands they run, so that clients
     * lose the connection in the middle of whatever they were doing, as when the standby host dies.
     */
    public void kill() {
        if (process == null) {
            return;
        }
        // Collected before the daemon dies: its orphans would no longer be its descendants. Twice, for a
        // connection that forked in between.
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process = null;
    }

    /** Kills the daemon (if running) and starts it again on the same address and port with the same host key. */
    public void restart() {
        kill();
        launch();
    }

    /**
     * Kills the daemon and starts it again on the same address and port with a new host key, so that a client
     * that trusted the old one must report that the host key changed.
     */
    public void restartWithNewHostKey() {
        kill();
        try {
            Files.delete(hostKey);
            Files.delete(hostKey.resolveSibling(hostKey.getFileName() + ".pub"));
            generateHostKey();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        launch();
    }

    @Override
    public void close() {
        kill();
    }

    private void generateHostKey() throws IOException {
        TestKeys.run(List.of(
                "ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "syncboard-test-host", "-f", hostKey.toString()));
    }

    private void writeConfig() throws IOException {
        String listen = address.contains(":") ? "[" + address + "]:" + port : address + ":" + port;
        Files.writeString(config, """
                ListenAddress %s
                HostKey %s
                PidFile %s
                AuthorizedKeysFile %s
                # target/ may be group-writable; sshd would then ignore authorized_keys
                StrictModes no
                PubkeyAuthentication yes
                PasswordAuthentication no
                KbdInteractiveAuthentication no
                PermitRootLogin prohibit-password
                UsePAM no
                UseDNS no
                PrintMotd no
                PrintLastLog no
                LogLevel INFO
                """.formatted(listen, hostKey, directory.resolve("sshd.pid"), authorizedKeysFile()));
    }

    private void launch() {
        try {
            ensurePrivilegeSeparationDirectory();
            long logged = Files.exists(log) ? Files.size(log) : 0;
            process = new ProcessBuilder(SSHD.toString(), "-D", "-e", "-f", config.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
            process.getOutputStream().close();
            await().atMost(STARTUP_TIMEOUT)
                    .pollDelay(Duration.ZERO)
                    .pollInterval(Duration.ofMillis(10))
                    .until(() -> {
                        String all = log();
                        String output = all.substring((int) Math.min(logged, all.length()));
                        if (!process.isAlive()) {
                            throw new IllegalStateException("sshd exited with " + process.exitValue() + ": " + output);
                        }
                        return output.contains("Server listening on");
                    });
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start sshd: " + e.getMessage(), e);
        }
    }

    /** sshd refuses to start without its privilege separation directory, which only systemd creates. */
    private static void ensurePrivilegeSeparationDirectory() throws IOException {
        if (!Files.isDirectory(PRIVILEGE_SEPARATION_DIRECTORY)) {
            Files.createDirectories(PRIVILEGE_SEPARATION_DIRECTORY);
            Files.setPosixFilePermissions(PRIVILEGE_SEPARATION_DIRECTORY, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    private static int freePort(String address) throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(address))) {
            return socket.getLocalPort();
        }
    }
}
