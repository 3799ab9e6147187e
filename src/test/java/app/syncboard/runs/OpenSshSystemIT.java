package app.syncboard.runs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import app.syncboard.SyncboardTest;
import app.syncboard.hosts.Direction;
import app.syncboard.hosts.HopSettings;
import app.syncboard.hosts.Host;
import app.syncboard.hosts.HostKind;
import app.syncboard.hosts.Hosts;
import app.syncboard.hosts.Pair;
import app.syncboard.hosts.Pairs;
import app.syncboard.jobs.CronSchedule;
import app.syncboard.jobs.JobCatalog;
import app.syncboard.jobs.JobDefinition;
import app.syncboard.jobs.SyncJob;
import app.syncboard.sshtest.OpenSshServer;
import app.syncboard.sshtest.TestKeys;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The whole app against two real OpenSSH daemons on this machine, as it meets them in production: "primary" on
 * 127.0.0.2 and "standby" on 127.0.0.3 (port 2222 unless taken), each with its own host key, reached by the app with
 * JSch and by each other with the runner's own {@code ssh} (the pair's hop: one client key, a known_hosts file with
 * just the peer's key). Both "hosts" are this machine, so their paths are local paths and the trees can be compared
 * directly.
 *
 * <p>Runs that must be caught in the middle (a killed sshd, a cancel) run a slowed rsync on the primary: its
 * authorized_keys line gets a forced command that puts a directory first on the PATH whose {@code rsync} adds
 * {@code --bwlimit}, so that the slow tree's 1 MB takes about two minutes; the command itself still runs through {@code sh -c} in the
 * process sshd started, as without the forced command.
 */
@SyncboardTest
@Timeout(120)
class OpenSshSystemIT {

    private static final int PREFERRED_PORT = 2222;
    private static final Duration RUN_LIMIT = Duration.ofSeconds(30);
    /** Random per class run, so that a canary found anywhere was made by this run. */
    private static final String CANARY =
            "canary-" + UUID.randomUUID().toString().substring(0, 8);
    /** The top directory of the synced tree, named in the job path: it reaches the runner's shell over SSH. */
    private static final String EVIL_TOP =
            "data $(touch " + CANARY + ") 'single' \"double\" `touch " + CANARY + "`; touch " + CANARY;

    private static OpenSshServer primaryServer;
    private static OpenSshServer standbyServer;
    private static TestKeys.ClientKey key;

    @Autowired
    RunLauncher launcher;

    @Autowired
    RunHistory history;

    @Autowired
    RunLogs logs;

    @Autowired
    Hosts hosts;

    @Autowired
    Pairs pairs;

    @Autowired
    JobCatalog catalog;

    @TempDir
    Path dir;

    Path primaryData;
    Path standbyData;
    Host primary;
    Host standby;
    final List<Long> madePairs = new ArrayList<>();
    final List<Long> madeJobs = new ArrayList<>();

    @BeforeAll
    static void servers() {
        assumeTrue(OpenSshServer.available(), "needs /usr/sbin/sshd (openssh-server) and root, as in CI");
        key = TestKeys.ed25519();
        primaryServer = start("127.0.0.2");
        standbyServer = start("127.0.0.3");
    }

    @AfterAll
    static void stopServers() {
        Stream.of(primaryServer, standbyServer).filter(s -> s != null).forEach(OpenSshServer::close);
    }

    @BeforeEach
    void hostsAndDirectories() throws IOException {
        primaryData = Files.createDirectories(dir.resolve("primary"));
        standbyData = Files.createDirectories(dir.resolve("standby"));
        String id = UUID.randomUUID().toString().substring(0, 8);
        primary = hosts.save(host("primary-" + id, primaryServer));
        standby = hosts.save(host("standby-" + id, standbyServer));
    }

    /** Whatever a test did to the servers, the next one finds them running and letting the plain key in. */
    @AfterEach
    void serversBackToNormal() throws IOException {
        for (OpenSshServer server : List.of(primaryServer, standbyServer)) {
            Files.write(server.authorizedKeysFile(), List.of(key.publicKeyLine()), StandardCharsets.UTF_8);
            if (!server.isRunning()) {
                server.restart();
            }
        }
    }

    /** The app's database is shared with other test classes: the jobs, pairs and hosts go again (runs with them). */
    @AfterEach
    void removeWhatTheTestMade() {
        boolean jobsGone =
                madeJobs.stream().map(launcher::deleteJob).toList().stream().allMatch(Optional::isEmpty);
        if (jobsGone) {
            madePairs.forEach(pairs::deleteById);
            hosts.deleteById(primary.id());
            hosts.deleteById(standby.id());
        }
    }

    @Test
    void pushCopiesABigTreeThroughBothDaemons() throws IOException {
        Path source = primaryData.resolve(EVIL_TOP);
        writeTree(source, 3000, new Random(1));
        SyncJob job = job(pair(Direction.PUSH), Direction.PUSH);

        Run run = awaitFinished(launch(job), RUN_LIMIT);

        assertThat(run.status()).as(diagnosis(run)).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(run.exitCode()).isZero();
        assertThat(run.commandLine()).startsWith("[on " + primary.name() + "] rsync ");
        assertThat(snapshot(standbyData.resolve(EVIL_TOP))).isEqualTo(snapshot(source));
        assertThat(snapshot(source)).hasSizeGreaterThan(3000);
        assertThat(logs.text(run.id()).orElseThrow()).contains("Number of files");
        assertNoCanary();
    }

    @Test
    void pullFetchesTheTreeAndThenTheChangesWithDelete() throws IOException {
        Path source = primaryData.resolve(EVIL_TOP);
        writeTree(source, 3000, new Random(2));
        SyncJob job = job(pair(Direction.PULL), Direction.PULL);

        Run first = awaitFinished(launch(job), RUN_LIMIT);

        assertThat(first.status()).as(diagnosis(first)).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(first.commandLine()).startsWith("[on " + standby.name() + "] rsync ");
        Path target = standbyData.resolve(EVIL_TOP);
        assertThat(snapshot(target)).isEqualTo(snapshot(source));

        Path deleted = source.resolve("d03/s0/f0011.txt");
        Path modified = source.resolve("d07/s2/f0042.bin");
        assertThat(target.resolve("d03/s0/f0011.txt")).exists();
        Files.delete(deleted);
        Files.write(modified, "changed on the primary\n".getBytes(StandardCharsets.UTF_8));
        Files.setLastModifiedTime(modified, FileTime.from(Instant.parse("2020-02-02T02:02:02Z")));
        Files.writeString(source.resolve("d00/new after the first run.txt"), "new\n");

        Run second = awaitFinished(launch(job), RUN_LIMIT);

        assertThat(second.status()).as(diagnosis(second)).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(target.resolve("d03/s0/f0011.txt")).doesNotExist();
        assertThat(target.resolve("d07/s2/f0042.bin")).hasContent("changed on the primary\n");
        assertThat(target.resolve("d00/new after the first run.txt")).hasContent("new\n");
        assertThat(snapshot(target)).isEqualTo(snapshot(source));
        assertThat(logs.text(second.id()).orElseThrow()).contains("deleting " + EVIL_TOP + "/d03/s0/f0011.txt");
        assertNoCanary();
    }

    @Test
    void runnerSshdKilledMidTransferFailsTheRunAsConnectionLost() throws IOException {
        SyncJob job = slowJob();
        long runId = launch(job);
        awaitTransferring(runId);

        primaryServer.kill();

        Run run = awaitFinished(runId, RUN_LIMIT);
        assertThat(run.status()).as(diagnosis(run)).isEqualTo(RunStatus.FAILED);
        assertThat(run.message())
                .contains("SSH connection to " + primary.name())
                .contains("was lost");
        assertThat(standbyData.resolve(EVIL_TOP).resolve("slow/f0063.bin")).doesNotExist();
    }

    @Test
    void peerSshdKilledMidTransferFailsTheRunWithTheLostHop() throws IOException {
        SyncJob job = slowJob();
        long runId = launch(job);
        awaitTransferring(runId);

        standbyServer.kill();

        Run run = awaitFinished(runId, RUN_LIMIT);
        assertThat(run.status()).as(diagnosis(run)).isEqualTo(RunStatus.FAILED);
        assertThat(run.exitCode()).isIn(12, 255);
        assertThat(run.message()).startsWith("rsync exited with code ").containsIgnoringCase("connection");
    }

    @Test
    void cancelStopsRsyncOnBothHosts() throws IOException {
        SyncJob job = slowJob();
        long runId = launch(job);
        awaitTransferring(runId);
        // The scan sees the transfer going: the runner's rsync (its arguments name this test's directory) and the
        // standby's rsync --server (found as a child of the standby's sshd).
        assertThat(leftovers())
                .anySatisfy(process -> assertThat(process).contains(" rsync --bwlimit=8 --archive "))
                .anySatisfy(process -> assertThat(process).contains(" rsync --server "));

        assertThat(launcher.cancel(runId, "tester")).isTrue();

        Run run = awaitFinished(runId, Duration.ofSeconds(15));
        assertThat(run.status()).as(diagnosis(run)).isEqualTo(RunStatus.CANCELLED);
        assertThat(run.message()).isEqualTo("Cancelled by tester.");
        await().atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(50))
                .untilAsserted(() -> assertThat(leftovers()).isEmpty());
        assertThat(primaryServer.isRunning()).isTrue();
    }

    // ---- hosts, pair, jobs ----

    private static OpenSshServer start(String address) {
        if (isFree(address, PREFERRED_PORT)) {
            try {
                return OpenSshServer.start(address, PREFERRED_PORT, key);
            } catch (RuntimeException taken) {
                // someone else took the port in between; a free one does as well
            }
        }
        return OpenSshServer.start(address, 0, key);
    }

    private static boolean isFree(String address, int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getByName(address))) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static Host host(String name, OpenSshServer server) {
        Instant now = Instant.now();
        return new Host(
                null,
                name,
                HostKind.SSH,
                server.address(),
                server.port(),
                server.user(),
                key.privateKeyPath().toString(),
                null,
                null,
                server.hostKeyLine(),
                null,
                null,
                null,
                now,
                now);
    }

    /** The pair, whose hop trusts exactly the key of the side the runner reaches. */
    private Pair pair(Direction direction) throws IOException {
        OpenSshServer peer = direction == Direction.PUSH ? standbyServer : primaryServer;
        Path knownHosts = dir.resolve("known_hosts-" + direction.name().toLowerCase());
        Files.writeString(knownHosts, peer.knownHostsLine() + "\n", StandardCharsets.US_ASCII);
        HopSettings hop = new HopSettings(null, null, key.privateKeyPath().toString(), knownHosts.toString());
        Pair pair = pairs.save(Pair.create(
                "pair-" + UUID.randomUUID(),
                primary.id(),
                primaryData.toString(),
                standby.id(),
                standbyData.toString(),
                hop,
                Instant.now()));
        madePairs.add(pair.id());
        return pair;
    }

    private SyncJob job(Pair pair, Direction direction) {
        SyncJob job = catalog.create(new JobDefinition(
                "job-" + UUID.randomUUID(),
                pair.id(),
                List.of("/" + EVIL_TOP + "/"),
                List.of(),
                true,
                CronSchedule.parse("0 3 1 1 *", "UTC"),
                false,
                direction,
                null,
                null));
        madeJobs.add(job.id());
        return job;
    }

    /**
     * A push of 64 files of 16 KiB at 8 KiB/s: over two minutes, so the test acts while it is surely going. The
     * primary's sshd runs every command of the key with a PATH whose first rsync adds the limit.
     */
    private SyncJob slowJob() throws IOException {
        Path slow = primaryData.resolve(EVIL_TOP).resolve("slow");
        Files.createDirectories(slow);
        Random random = new Random(3);
        for (int i = 0; i < 64; i++) {
            byte[] content = new byte[16 * 1024];
            random.nextBytes(content);
            Files.write(slow.resolve("f%04d.bin".formatted(i)), content);
        }
        Path bin = Files.createDirectories(dir.resolve("slow-bin"));
        Path rsync = bin.resolve("rsync");
        Files.writeString(rsync, """
                #!/bin/sh
                PATH=${PATH#%s:}
                exec rsync --bwlimit=8 "$@"
                """.formatted(bin));
        Path forced = bin.resolve("forced-command");
        Files.writeString(forced, """
                #!/bin/sh
                PATH=%s:$PATH
                export PATH
                exec /bin/sh -c "$SSH_ORIGINAL_COMMAND"
                """.formatted(bin));
        for (Path script : List.of(rsync, forced)) {
            Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        Files.write(
                primaryServer.authorizedKeysFile(),
                List.of("command=\"" + forced + "\" " + key.publicKeyLine()),
                StandardCharsets.UTF_8);
        return job(pair(Direction.PUSH), Direction.PUSH);
    }

    // ---- runs ----

    private long launch(SyncJob job) {
        Run queued = launcher.launch(job.id(), RunTrigger.MANUAL, "tester");
        assertThat(queued.status()).isEqualTo(RunStatus.QUEUED);
        return queued.id();
    }

    private Run awaitFinished(long runId, Duration limit) {
        await().atMost(limit)
                .pollInterval(Duration.ofMillis(20))
                .until(() -> !history.find(runId).orElseThrow().isActive());
        return history.find(runId).orElseThrow();
    }

    /** Until the run is RUNNING and rsync has named the first file it sends. */
    private void awaitTransferring(long runId) {
        await().atMost(RUN_LIMIT).pollInterval(Duration.ofMillis(20)).until(() -> {
            Run run = history.find(runId).orElseThrow();
            if (!run.isActive()) {
                throw new AssertionError("the run ended before the test could act: " + diagnosis(run));
            }
            return run.status() == RunStatus.RUNNING
                    && logs.text(runId).orElse("").contains("/slow/f0");
        });
    }

    private String diagnosis(Run run) {
        return run.status() + " (exit " + run.exitCode() + "): " + run.message() + "\n--- log ---\n"
                + logs.tail(run.id(), 40).orElse("(no log)") + "\n--- primary sshd ---\n"
                + primaryServer.log() + "\n--- standby sshd ---\n" + standbyServer.log();
    }

    // ---- trees ----

    /**
     * About {@code files} files in nested directories: text and random binary ones, an empty one, names with spaces,
     * quotes, shell syntax, a leading dash and non-ASCII letters, symlinks (to a file, to a directory, dangling) and
     * an empty directory.
     */
    private static void writeTree(Path root, int files, Random random) throws IOException {
        for (int i = 0; i < files; i++) {
            Path directory = Files.createDirectories(root.resolve("d%02d/s%d".formatted(i / 100, i / 20 % 5)));
            if (i % 10 == 2) {
                byte[] content = new byte[random.nextInt(16 * 1024)];
                random.nextBytes(content);
                Files.write(directory.resolve("f%04d.bin".formatted(i % 100)), content);
            } else {
                Files.writeString(directory.resolve("f%04d.txt".formatted(i % 100)), "file " + i + "\n".repeat(i % 7));
            }
        }
        Path odd = Files.createDirectories(root.resolve("odd names"));
        Files.writeString(odd.resolve("with  two spaces .txt"), "spaces\n");
        Files.writeString(odd.resolve("it's \"quoted\" $(touch " + CANARY + ").txt"), "quotes\n");
        Files.writeString(odd.resolve("`touch " + CANARY + "`; touch " + CANARY + " & $HOME"), "backticks\n");
        Files.writeString(odd.resolve("-e touch " + CANARY), "leading dash\n");
        Files.writeString(odd.resolve("grüße ✓.txt"), "utf-8\n");
        Files.write(odd.resolve("empty"), new byte[0]);
        Files.createDirectories(odd.resolve("empty dir"));
        Files.createSymbolicLink(odd.resolve("link to a file"), Path.of("../d00/s0/f0001.txt"));
        Files.createSymbolicLink(odd.resolve("link to a dir"), Path.of("../d01"));
        Files.createSymbolicLink(odd.resolve("dangling"), Path.of("does/not/exist"));
        Files.setPosixFilePermissions(odd.resolve("empty"), PosixFilePermissions.fromString("rwx------"));
    }

    /** Each entry under {@code root}: its type, mode, and content digest and time (files) or target (links). */
    private static Map<String, String> snapshot(Path root) throws IOException {
        Map<String, String> entries = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path path : (Iterable<Path>) walk::iterator) {
                String name = root.relativize(path).toString();
                if (Files.isSymbolicLink(path)) {
                    entries.put(name, "link -> " + Files.readSymbolicLink(path));
                } else if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
                    entries.put(name, "dir " + PosixFilePermissions.toString(Files.getPosixFilePermissions(path)));
                } else {
                    entries.put(
                            name,
                            "file " + PosixFilePermissions.toString(Files.getPosixFilePermissions(path)) + " "
                                    + Files.getLastModifiedTime(path).toMillis() / 1000 + " "
                                    + sha256(Files.readAllBytes(path)));
                }
            }
        }
        return entries;
    }

    private static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * No shell ran the names: a canary would be in the working directory of whichever shell read them (the home
     * directory for a remote command, a side's directory for rsync, the app's for a local one).
     */
    private void assertNoCanary() throws IOException {
        List<Path> found = new ArrayList<>();
        for (Path place : List.of(
                Path.of(System.getProperty("user.home")),
                Path.of("").toAbsolutePath(),
                Path.of("/"),
                Path.of("/tmp"))) {
            if (Files.exists(place.resolve(CANARY), LinkOption.NOFOLLOW_LINKS)) {
                found.add(place.resolve(CANARY));
            }
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.filter(p -> p.getFileName().toString().equals(CANARY)).forEach(found::add);
        }
        assertThat(found).as("canary files").isEmpty();
    }

    // ---- processes ----

    /**
     * The rsync processes of this test still on "the hosts" (this machine): any process whose command line names
     * this test's directory (the runner's rsync, its ssh), and any rsync below one of the two sshd daemons (the
     * rsync --server at the other end, whose paths travel inside the protocol, not on its command line).
     */
    private List<String> leftovers() {
        String marker = dir.toString();
        // A daemon's command line names its config file, in the directory that holds all its files.
        Set<String> daemonDirectories = Stream.of(primaryServer, standbyServer)
                .map(s -> s.authorizedKeysFile().getParent() + "/")
                .collect(Collectors.toSet());
        List<ProcessHandle> daemons = ProcessHandle.allProcesses()
                .filter(p -> commandLine(p)
                        .filter(c -> c.startsWith("/usr/sbin/sshd "))
                        .map(c -> daemonDirectories.stream().anyMatch(c::contains))
                        .orElse(false))
                .toList();
        long self = ProcessHandle.current().pid();
        List<String> leftovers = new ArrayList<>();
        ProcessHandle.allProcesses()
                .filter(p -> p.pid() != self)
                .forEach(p -> commandLine(p)
                        .filter(c -> c.contains(marker)
                                || (isRsync(c) && daemons.stream().anyMatch(d -> isDescendant(p, d))))
                        .ifPresent(c -> leftovers.add(p.pid() + " " + c)));
        return leftovers;
    }

    private static boolean isRsync(String commandLine) {
        String program = commandLine.split(" ", 2)[0];
        return program.equals("rsync") || program.endsWith("/rsync");
    }

    private static boolean isDescendant(ProcessHandle process, ProcessHandle ancestor) {
        for (Optional<ProcessHandle> p = process.parent();
                p.isPresent();
                p = p.get().parent()) {
            if (p.get().pid() == ancestor.pid()) {
                return true;
            }
        }
        return false;
    }

    /** From /proc, whole: the JDK's view of it may cut long command lines. */
    private static Optional<String> commandLine(ProcessHandle process) {
        try {
            byte[] raw = Files.readAllBytes(Path.of("/proc", String.valueOf(process.pid()), "cmdline"));
            if (raw.length == 0) {
                return Optional.empty();
            }
            return Optional.of(
                    new String(raw, StandardCharsets.UTF_8).replace('\0', ' ').strip());
        } catch (IOException | UncheckedIOException e) {
            return Optional.empty();
        }
    }
}
