package app.syncboard.runs;

import static app.syncboard.TestUsers.user;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import app.syncboard.SyncboardTest;
import app.syncboard.TestPairs;
import app.syncboard.hosts.HopSettings;
import app.syncboard.hosts.Host;
import app.syncboard.hosts.Pair;
import app.syncboard.jobs.CronSchedule;
import app.syncboard.jobs.JobCatalog;
import app.syncboard.jobs.JobDefinition;
import app.syncboard.jobs.JobStep;
import app.syncboard.jobs.JobStep.Phase;
import app.syncboard.jobs.JobStep.Side;
import app.syncboard.jobs.Preconditions;
import app.syncboard.jobs.SyncJob;
import app.syncboard.sshtest.SshTestServer;
import app.syncboard.sshtest.TestKeys;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.MockMvc;

/**
 * Whatever a job's programs print reaches the run log and the run page as safe text: a pre-step script prints binary
 * bytes, invalid UTF-8, ANSI colours, control characters, carriage-return progress, HTML and a 10 MB line without a
 * newline, and a second pre-step is a real {@code rsync --progress}; locally, and over SSH (the in-process server).
 */
@SyncboardTest
@TestPropertySource(properties = {"syncboard.log.head-bytes=65536", "syncboard.log.tail-bytes=65536"})
class HostileOutputIT {

    private static final int KEPT = 65536;
    private static final String HTML = "<script>alert(1)</script><b>x</b>";
    private static final String SCRIPT = """
            #!/bin/sh
            # Fixed output for HostileOutputIT: what a synced program may print at worst.
            here=$(dirname "$0")
            printf '\\033[1;31mred alert\\033[0m and \\033[32mgreen\\033[0m\\n'
            printf 'invalid utf-8: \\377\\376 \\303( end\\n'
            printf '  1,024  10%%\\r  5,120  50%%\\r  10,240 100%%\\n'
            printf 'nul:\\000: bell:\\007: delete:\\177: tab:\\t:\\n'
            printf '%s\\n' '<script>alert(1)</script><b>x</b>'
            cat "$here/all-bytes.bin"
            printf '\\n'
            head -c 10485760 /dev/zero | tr '\\000' x
            """;
    /** A step of its own: over SSH, stderr is read apart from stdout, so its place among them is not fixed. */
    private static final String STDERR_SCRIPT = """
            #!/bin/sh
            printf 'on stderr: \\033[31mred\\033[0m\\n' >&2
            """;

    private static final String CUT_LINE =
            "x".repeat(16384) + " [line cut: 10,485,760 bytes in all, the first 16,384 kept]";
    private static final Pattern PROGRESS = Pattern.compile("^ +[0-9,]+ +[0-9]+%.*", Pattern.MULTILINE);

    @Autowired
    RunLauncher launcher;

    @Autowired
    RunHistory history;

    @Autowired
    TestPairs testPairs;

    @Autowired
    JobCatalog catalog;

    @Autowired
    MockMvc mvc;

    @TempDir
    Path dir;

    Path primary;
    Path standby;
    Path script;
    Path stderrScript;
    Path big;

    @BeforeEach
    void files() throws IOException {
        primary = Files.createDirectories(dir.resolve("primary"));
        standby = Files.createDirectories(dir.resolve("standby"));
        Files.createDirectories(primary.resolve("data"));
        Files.writeString(primary.resolve("data/file.txt"), "synced\n");
        Path tools = Files.createDirectories(dir.resolve("tools"));
        byte[] allBytes = new byte[256 * 256];
        for (int i = 0; i < allBytes.length; i++) {
            allBytes[i] = (byte) i;
        }
        Files.write(tools.resolve("all-bytes.bin"), allBytes);
        script = Files.writeString(tools.resolve("hostile.sh"), SCRIPT);
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        stderrScript = Files.writeString(tools.resolve("stderr.sh"), STDERR_SCRIPT);
        Files.setPosixFilePermissions(stderrScript, PosixFilePermissions.fromString("rwx------"));
        big = Files.write(Files.createDirectories(dir.resolve("progress")).resolve("big.bin"), new byte[8 << 20]);
        Files.createDirectories(dir.resolve("progress-copy"));
    }

    @Test
    void hostileOutputOfALocalRunIsStoredAndShownAsSafeText() throws Exception {
        Pair pair = testPairs.localPair(primary, standby);

        Run run = runToEnd(job(pair));

        assertThat(run.status()).as(run.message()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(standby.resolve("data/file.txt")).hasContent("synced");
        assertShownSafely(run);
    }

    @Test
    void hostileOutputOverSshIsStoredAndShownAsSafeText() throws Exception {
        TestKeys.ClientKey key = TestKeys.ecdsa();
        try (SshTestServer primaryServer = SshTestServer.start("127.0.0.2", key);
                SshTestServer standbyServer = SshTestServer.start("127.0.0.3", key)) {
            Path knownHosts = Files.writeString(dir.resolve("known_hosts"), standbyServer.knownHostsLine() + "\n");
            Pair pair = testPairs.pair(
                    host(primaryServer, key),
                    primary,
                    host(standbyServer, key),
                    standby,
                    new HopSettings(null, null, key.privateKeyPath().toString(), knownHosts.toString()));

            Run run = runToEnd(job(pair));

            assertThat(run.status()).as(run.message()).isEqualTo(RunStatus.SUCCEEDED);
            assertThat(primaryServer.executedCommands()).anyMatch(command -> command.contains("hostile.sh"));
            assertThat(standby.resolve("data/file.txt")).hasContent("synced");
            assertShownSafely(run);
        }
    }

    private void assertShownSafely(Run run) throws Exception {
        byte[] download = mvc.perform(get("/runs/{id}/log", run.id()).with(user("alice")))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsByteArray();
        String log = strictUtf8(download);
        List<String> lines = log.lines().toList();

        assertThat(lines)
                .contains(
                        "red alert and green",
                        "invalid utf-8: \uFFFD\uFFFD \uFFFD( end",
                        "  10,240 100%",
                        "nul:\uFFFD: bell:\uFFFD: delete:\uFFFD: tab:\t:",
                        "on stderr: red",
                        HTML,
                        CUT_LINE);
        assertThat(log).as("only the last state of each progress line").doesNotContain("10%", "50%");
        assertThat(PROGRESS.matcher(log).results().map(m -> m.group()).toList())
                .as("the script's and rsync --progress's lines, each at its end")
                .hasSize(2)
                .allSatisfy(line -> assertThat(line).contains(" 100%"))
                .anySatisfy(line -> assertThat(line).matches(" +8,388,608 100% .*\\(xfr#1, to-chk=0/1\\)"));
        assertThat(log)
                .as("no control character but tab and newline")
                .doesNotContainPattern("[\\x00-\\x08\\x0B-\\x1F\\x7F-\\x9F]");
        assertThat(log).contains(" omitted ...").contains("Number of files:");
        assertThat(download.length)
                .as("the configured head and tail, and the line between them")
                .isBetween(KEPT, 2 * KEPT + 200);

        String page = mvc.perform(get("/runs/{id}", run.id()).with(user("alice")))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString(StandardCharsets.UTF_8);
        assertThat(page)
                .contains("&lt;script&gt;alert(1)&lt;/script&gt;&lt;b&gt;x&lt;/b&gt;")
                .doesNotContain("<script>alert", "<b>x</b>")
                .contains("red alert and green")
                .contains(" [line cut: 10,485,760 bytes in all, the first 16,384 kept]")
                .doesNotContainPattern("[\\x00\\x1B]");
    }

    private SyncJob job(Pair pair) {
        return catalog.create(new JobDefinition(
                        "hostile-" + UUID.randomUUID(),
                        pair.id(),
                        List.of("/data/"),
                        List.of(),
                        false,
                        CronSchedule.parse("0 3 1 1 *", "UTC"),
                        true)
                .withGuard(TestPairs.NO_GUARD)
                .withChecks(
                        Preconditions.NONE,
                        List.of(
                                new JobStep(Phase.PRE, Side.PRIMARY, script.toString(), 0, false),
                                new JobStep(Phase.PRE, Side.PRIMARY, stderrScript.toString(), 0, false),
                                new JobStep(
                                        Phase.PRE,
                                        Side.PRIMARY,
                                        "rsync --progress " + big + " " + dir.resolve("progress-copy") + "/",
                                        0,
                                        false))));
    }

    private Host host(SshTestServer server, TestKeys.ClientKey key) {
        return testPairs.sshHost(
                server.address(),
                server.port(),
                System.getProperty("user.name"),
                key.privateKeyPath(),
                server.hostKeyLine());
    }

    private Run runToEnd(SyncJob job) {
        long id = launcher.launch(job.id(), RunTrigger.MANUAL, "alice").id();
        await().atMost(Duration.ofSeconds(60))
                .until(() -> !history.find(id).orElseThrow().isActive());
        return history.find(id).orElseThrow();
    }

    private static String strictUtf8(byte[] bytes) throws CharacterCodingException {
        return StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(bytes))
                .toString();
    }
}
