package app.syncboard.sshtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.jcraft.jsch.ChannelExec;
import com.jcraft.jsch.JSch;
import com.jcraft.jsch.Session;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Proves the SSH test servers with the real OpenSSH client and real rsync, so that a failing app test can be
 * blamed on the app: both servers run the whole command string through {@code sh -c}, carry rsync's protocol,
 * report a changed host key and cut running commands off when they die.
 */
@Timeout(60)
class SshTestServersIT {

    private static final String COMMAND = "echo \"$((1+2))\"; exit 7";

    /** MINA cannot check ed25519 without BouncyCastle, so it gets an ECDSA key; OpenSSH gets the modern default. */
    private static TestKeys.ClientKey minaKey;

    private static TestKeys.ClientKey openSshKey;

    private static Path work;

    @BeforeAll
    static void keys() throws IOException {
        minaKey = TestKeys.ecdsa();
        openSshKey = TestKeys.ed25519();
        work = TestKeys.newDirectory("it-");
    }

    @Test
    void keysAreWhatSshKeygenWrites() throws IOException {
        assertThat(openSshKey.publicKeyLine()).startsWith("ssh-ed25519 AAAA").endsWith(" " + TestKeys.COMMENT);
        assertThat(Files.getPosixFilePermissions(openSshKey.privateKeyPath()))
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(run(List.of("ssh-keygen", "-lf", openSshKey.publicKeyPath().toString()))
                        .out())
                .contains(openSshKey.sha256Fingerprint());

        TestKeys.ClientKey protectedKey = TestKeys.ed25519("secret");
        assertThat(run(List.of(
                                "ssh-keygen",
                                "-y",
                                "-P",
                                "secret",
                                "-f",
                                protectedKey.privateKeyPath().toString()))
                        .out())
                .startsWith(protectedKey.publicKeyLine().substring(0, 80));
        assertThat(run(List.of(
                                "ssh-keygen",
                                "-y",
                                "-P",
                                "",
                                "-f",
                                protectedKey.privateKeyPath().toString()))
                        .exit())
                .isNotZero();
        assertThat(TestKeys.rsa().type()).isEqualTo("ssh-rsa");
    }

    @Test
    void minaRunsTheWholeCommandStringThroughTheShell() throws IOException {
        try (SshTestServer server = SshTestServer.start("127.0.0.2", minaKey)) {
            Path knownHosts = knownHosts(server.knownHostsLine());

            Result result = ssh(minaKey, server.port(), knownHosts, "root@127.0.0.2", COMMAND);

            assertThat(result.out()).as(result.err()).isEqualTo("3\n");
            assertThat(result.exit()).isEqualTo(7);
            assertThat(server.executedCommands()).containsExactly(COMMAND);
            assertThat(accepts("127.0.0.1", server.port()))
                    .as("listens on 127.0.0.2 only")
                    .isFalse();
            assertThat(run(List.of("ssh-keygen", "-lf", knownHosts.toString())).out())
                    .contains(server.hostKeySha256());
        }
    }

    @Test
    void rsyncCopiesATreeThroughMina() throws IOException {
        try (SshTestServer server = SshTestServer.start("127.0.0.2", minaKey)) {
            assertRsyncCopies(minaKey, server.port(), knownHosts(server.knownHostsLine()), "root@127.0.0.2");
            assertThat(server.executedCommands()).singleElement().asString().startsWith("rsync --server ");
        }
    }

    @Test
    void minaReportsAChangedHostKey() throws IOException {
        try (SshTestServer server = SshTestServer.start("127.0.0.2", minaKey)) {
            Path oldKnownHosts = knownHosts(server.knownHostsLine());
            String oldFingerprint = server.hostKeySha256();
            int port = server.port();

            server.restartWithNewHostKey();

            assertThat(server.port()).isEqualTo(port);
            assertThat(server.hostKeySha256()).isNotEqualTo(oldFingerprint);
            Result refused = ssh(minaKey, port, oldKnownHosts, "root@127.0.0.2", "true");
            assertThat(refused.exit()).isEqualTo(255);
            assertThat(refused.err()).contains("REMOTE HOST IDENTIFICATION HAS CHANGED");
            assertThat(ssh(minaKey, port, knownHosts(server.knownHostsLine()), "root@127.0.0.2", "true")
                            .exit())
                    .isZero();
        }
    }

    @Test
    void minaRefusesUnknownKeys() throws IOException {
        try (SshTestServer server = SshTestServer.start("127.0.0.2", minaKey)) {
            Result refused =
                    ssh(TestKeys.ecdsa(), server.port(), knownHosts(server.knownHostsLine()), "root@127.0.0.2", "true");

            assertThat(refused.exit()).isEqualTo(255);
            assertThat(refused.err()).contains("Permission denied (publickey)");
            assertThat(server.executedCommands()).isEmpty();
        }
    }

    @Test
    void minaKillsTheCommandWhenStoppedAbruptly() throws IOException {
        try (SshTestServer server = SshTestServer.start("127.0.0.2", minaKey)) {
            Process client = startSsh(minaKey, server.port(), knownHosts(server.knownHostsLine()), "root@127.0.0.2");
            long commandPid = firstLineAsPid(client);

            server.stopAbruptly();

            await().atMost(Duration.ofSeconds(10)).until(() -> !client.isAlive());
            assertThat(client.exitValue()).isEqualTo(255);
            await().atMost(Duration.ofSeconds(10)).until(() -> !isRunning(commandPid));
        }
    }

    @Test
    void minaKillsTheCommandWhenTheClientDies() throws IOException {
        try (SshTestServer server = SshTestServer.start("127.0.0.2", minaKey)) {
            Process client = startSsh(minaKey, server.port(), knownHosts(server.knownHostsLine()), "root@127.0.0.2");
            long commandPid = firstLineAsPid(client);

            client.destroyForcibly();

            await().atMost(Duration.ofSeconds(10)).until(() -> !isRunning(commandPid));
            assertThat(server.isRunning()).isTrue();
        }
    }

    /** The app cancels a run by closing its JSch exec channel; that alone must stop the remote command. */
    @Test
    void minaKillsTheCommandWhenJschClosesTheChannel() throws Exception {
        try (SshTestServer server = SshTestServer.start("127.0.0.2", minaKey)) {
            JSch jsch = new JSch();
            jsch.addIdentity(minaKey.privateKeyPath().toString());
            jsch.setKnownHosts(
                    new ByteArrayInputStream((server.knownHostsLine() + "\n").getBytes(StandardCharsets.UTF_8)));
            Session session = jsch.getSession("syncboard", server.address(), server.port());
            session.setConfig("StrictHostKeyChecking", "yes");
            session.connect(10_000);
            try {
                ChannelExec channel = (ChannelExec) session.openChannel("exec");
                channel.setCommand("echo $$; exec sleep 60");
                BufferedReader out =
                        new BufferedReader(new InputStreamReader(channel.getInputStream(), StandardCharsets.UTF_8));
                channel.connect(10_000);
                long commandPid = Long.parseLong(out.readLine().strip());

                channel.disconnect();

                await().atMost(Duration.ofSeconds(10)).until(() -> !isRunning(commandPid));
            } finally {
                session.disconnect();
            }
        }
    }

    @Test
    void openSshRunsTheWholeCommandStringThroughTheShell() throws IOException {
        assumeTrue(OpenSshServer.available(), "needs root and /usr/sbin/sshd");
        try (OpenSshServer server = OpenSshServer.start("127.0.0.3", 0, openSshKey)) {
            Path knownHosts = knownHosts(server.knownHostsLine());

            Result result = ssh(openSshKey, server.port(), knownHosts, server.user() + "@127.0.0.3", COMMAND);

            assertThat(result.out()).as(() -> result.err() + server.log()).isEqualTo("3\n");
            assertThat(result.exit()).isEqualTo(7);
            assertThat(run(List.of("ssh-keygen", "-lf", knownHosts.toString())).out())
                    .contains(server.hostKeySha256());
            assertThat(accepts("127.0.0.1", server.port()))
                    .as("listens on 127.0.0.3 only")
                    .isFalse();
        }
    }

    @Test
    void rsyncCopiesATreeThroughOpenSsh() throws IOException {
        assumeTrue(OpenSshServer.available(), "needs root and /usr/sbin/sshd");
        try (OpenSshServer server = OpenSshServer.start("127.0.0.3", 0, openSshKey)) {
            assertRsyncCopies(
                    openSshKey, server.port(), knownHosts(server.knownHostsLine()), server.user() + "@127.0.0.3");
        }
    }

    @Test
    void openSshReportsAChangedHostKey() throws IOException {
        assumeTrue(OpenSshServer.available(), "needs root and /usr/sbin/sshd");
        try (OpenSshServer server = OpenSshServer.start("127.0.0.3", 0, openSshKey)) {
            Path oldKnownHosts = knownHosts(server.knownHostsLine());
            String login = server.user() + "@127.0.0.3";

            server.restartWithNewHostKey();

            Result refused = ssh(openSshKey, server.port(), oldKnownHosts, login, "true");
            assertThat(refused.exit()).isEqualTo(255);
            assertThat(refused.err()).contains("REMOTE HOST IDENTIFICATION HAS CHANGED");
            assertThat(ssh(openSshKey, server.port(), knownHosts(server.knownHostsLine()), login, "true")
                            .exit())
                    .isZero();
        }
    }

    @Test
    void killingOpenSshCutsRunningCommandsOff() throws IOException {
        assumeTrue(OpenSshServer.available(), "needs root and /usr/sbin/sshd");
        try (OpenSshServer server = OpenSshServer.start("127.0.0.3", 0, openSshKey)) {
            Process client = startSsh(
                    openSshKey, server.port(), knownHosts(server.knownHostsLine()), server.user() + "@127.0.0.3");
            long commandPid = firstLineAsPid(client);

            server.kill();

            await().atMost(Duration.ofSeconds(10)).until(() -> !client.isAlive());
            assertThat(client.exitValue()).isEqualTo(255);
            await().atMost(Duration.ofSeconds(10)).until(() -> !isRunning(commandPid));
            assertThat(server.isRunning()).isFalse();
        }
    }

    private static void assertRsyncCopies(TestKeys.ClientKey key, int port, Path knownHosts, String login)
            throws IOException {
        Path source = Files.createTempDirectory(work, "src-");
        // A space in the destination proves that the remote command line survives the shell in one piece.
        Path destination =
                Files.createDirectories(Files.createTempDirectory(work, "dst-").resolve("dst dir"));
        writeTree(source);
        String shell = String.join(
                " ",
                sshOptions(key, port, knownHosts).stream()
                        .map(argument -> "'" + argument + "'")
                        .toList());

        Result result = run(List.of("rsync", "-a", "-e", shell, source + "/", login + ":" + destination + "/"));

        assertThat(result.exit()).as(result.err()).isZero();
        assertThat(contents(destination)).hasSize(100).isEqualTo(contents(source));
    }

    /** 100 files in nested directories, text and binary, with every byte value. */
    private static void writeTree(Path root) throws IOException {
        Random random = new Random(42);
        for (int i = 0; i < 100; i++) {
            Path file = root.resolve("dir-" + i % 7).resolve("sub-" + i % 3).resolve("file-" + i + ".bin");
            Files.createDirectories(file.getParent());
            byte[] content = new byte[i == 0 ? 512 * 1024 : 256 + random.nextInt(4096)];
            random.nextBytes(content);
            for (int b = 0; b < 256; b++) {
                content[b] = (byte) b;
            }
            Files.write(file, content);
        }
    }

    private static Map<String, String> contents(Path root) throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path file : paths.filter(Files::isRegularFile).toList()) {
                files.put(
                        root.relativize(file).toString(),
                        new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1));
            }
        }
        return files;
    }

    private static Path knownHosts(String line) throws IOException {
        Path file = Files.createTempFile(work, "known_hosts-", "");
        Files.writeString(file, line + "\n");
        return file;
    }

    /** The options the app's rsync {@code -e} would use: no prompts, no config, only the given key and host. */
    private static List<String> sshOptions(TestKeys.ClientKey key, int port, Path knownHosts) {
        return List.of(
                "ssh",
                "-F",
                "/dev/null",
                "-i",
                key.privateKeyPath().toString(),
                "-p",
                Integer.toString(port),
                "-o",
                "BatchMode=yes",
                "-o",
                "IdentitiesOnly=yes",
                "-o",
                "StrictHostKeyChecking=yes",
                "-o",
                "UserKnownHostsFile=" + knownHosts,
                "-o",
                "GlobalKnownHostsFile=/dev/null",
                "-o",
                "LogLevel=ERROR");
    }

    private static Result ssh(TestKeys.ClientKey key, int port, Path knownHosts, String login, String command)
            throws IOException {
        List<String> arguments = new ArrayList<>(sshOptions(key, port, knownHosts));
        arguments.addAll(List.of(login, command));
        return run(arguments);
    }

    /** An ssh running a command that prints its pid and then waits, for the tests that cut it off. */
    private static Process startSsh(TestKeys.ClientKey key, int port, Path knownHosts, String login)
            throws IOException {
        List<String> arguments = new ArrayList<>(sshOptions(key, port, knownHosts));
        arguments.addAll(List.of(login, "echo $$; exec sleep 60"));
        return new ProcessBuilder(arguments)
                .redirectInput(ProcessBuilder.Redirect.PIPE)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
    }

    private static long firstLineAsPid(Process client) throws IOException {
        String line =
                new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.UTF_8)).readLine();
        assertThat(line).as("the remote command's pid").isNotNull().containsOnlyDigits();
        return Long.parseLong(line);
    }

    /** Whether a process exists and is not a zombie (killed sshd children are reaped by init, if at all). */
    private static boolean isRunning(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            return !stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z");
        } catch (IOException gone) {
            return false;
        }
    }

    private static boolean accepts(String address, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(address, port), 2_000);
            return true;
        } catch (IOException refused) {
            return false;
        }
    }

    private record Result(int exit, String out, String err) {}

    private static Result run(List<String> command) throws IOException {
        Path err = Files.createTempFile(work, "stderr-", "");
        Process process = new ProcessBuilder(command)
                .redirectError(err.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                .start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            int exit = process.waitFor();
            return new Result(exit, out, Files.readString(err));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }
}
