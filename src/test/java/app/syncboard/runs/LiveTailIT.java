package app.syncboard.runs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import app.syncboard.SyncboardServerTest;
import app.syncboard.TestPairs;
import app.syncboard.WebSession;
import app.syncboard.hosts.Pair;
import app.syncboard.jobs.CronSchedule;
import app.syncboard.jobs.JobCatalog;
import app.syncboard.jobs.JobDefinition;
import app.syncboard.jobs.JobStep;
import app.syncboard.jobs.Preconditions;
import app.syncboard.jobs.SyncJob;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The run page's live log over real HTTP: Server-Sent Events carry each new line to every viewer while the run
 * goes, a reconnecting browser resumes after the last line it got, and the stream ends when the run does.
 */
@SyncboardServerTest
class LiveTailIT {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @LocalServerPort
    int port;

    @Autowired
    TestPairs testPairs;

    @Autowired
    JobCatalog catalog;

    @Autowired
    RunLauncher launcher;

    @Autowired
    RunHistory history;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    RunLogs logs;

    @TempDir
    Path dir;

    Path gate;
    SyncJob job;

    @BeforeEach
    void jobWhosePreStepPrintsTwoLinesThenWaitsThenPrintsThreeThousand() throws Exception {
        Path primary = Files.createDirectories(dir.resolve("primary/data"));
        Files.writeString(primary.resolve("file"), "x\n");
        Files.createDirectories(dir.resolve("standby"));
        gate = dir.resolve("gate");
        assertThat(new ProcessBuilder("mkfifo", gate.toString()).start().waitFor())
                .isZero();
        Path script = dir.resolve("talk");
        Files.writeString(script, """
                #!/bin/sh
                echo 'first <b>line</b>'
                echo second
                read go < %s
                seq 1 3000
                """.formatted(gate));
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        Pair pair = testPairs.localPair(dir.resolve("primary"), dir.resolve("standby"));
        job = catalog.create(new JobDefinition(
                        "talkative-" + java.util.UUID.randomUUID(),
                        pair.id(),
                        List.of("/data/"),
                        List.of(),
                        true,
                        CronSchedule.parse("0 3 1 1 *", "UTC"),
                        true)
                .withGuard(TestPairs.NO_GUARD)
                .withChecks(
                        Preconditions.NONE,
                        List.of(new JobStep(JobStep.Phase.PRE, JobStep.Side.PRIMARY, script.toString(), 0, false))));
    }

    @Test
    void everyViewerGetsEachLineWhileTheRunGoesAndTheStreamEndsWithTheRun() throws Exception {
        WebSession browser = WebSession.signIn(port, "admin", "test-admin-password");
        Run run = launcher.launch(job.id(), RunTrigger.MANUAL, "tester");

        Events first = Events.follow(browser, "/runs/" + run.id() + "/live?after=0", null);
        Events second = Events.follow(browser, "/runs/" + run.id() + "/live?after=0", null);
        // A browser reconnecting after line 2 sends the id of the last event it got.
        Events resumed = Events.follow(browser, "/runs/" + run.id() + "/live?after=0", "2");

        for (Events viewer : List.of(first, second)) {
            await().atMost(WAIT).until(() -> viewer.lines().size() >= 3);
            assertThat(viewer.lines()).containsSequence("first <b>line</b>", "second");
        }
        await().atMost(WAIT).until(() -> !resumed.lines().isEmpty());
        assertThat(resumed.lines()).startsWith("second").doesNotContain("first <b>line</b>");
        assertThat(history.find(run.id()).orElseThrow().isActive())
                .as("the lines arrived while the run was still waiting at its gate")
                .isTrue();

        Files.writeString(gate, "go\n");

        long storedLines = 0;
        for (Events viewer : List.of(first, second, resumed)) {
            await().atMost(WAIT).until(viewer::ended);
            assertThat(viewer.end()).contains("\"status\":\"SUCCEEDED\"").contains("\"complete\":true");
            assertThat(viewer.lines())
                    .last()
                    .isEqualTo(lastLine(logs.text(run.id()).orElseThrow()));
            storedLines = jdbc.sql("SELECT lines_total FROM run_log WHERE run_id = ?")
                    .param(run.id())
                    .query(Long.class)
                    .single();
            long start = viewer == resumed ? 2 : 0;
            assertThat(start + viewer.skipped() + viewer.lines().size())
                    .as("every line was sent or counted as passed over")
                    .isEqualTo(storedLines);
        }
        assertThat(storedLines).isGreaterThanOrEqualTo(3002);
    }

    @Test
    void aFinishedRunsStreamSendsTheStoredLinesAndEndsAndTheRunPageShowsNoLiveLog() throws Exception {
        WebSession browser = WebSession.signIn(port, "admin", "test-admin-password");
        Run run = launcher.launch(job.id(), RunTrigger.MANUAL, "tester");
        Files.writeString(gate, "go\n");
        await().atMost(WAIT).until(() -> !history.find(run.id()).orElseThrow().isActive());

        Events late = Events.follow(browser, "/runs/" + run.id() + "/live?after=0", null);

        await().atMost(WAIT).until(late::ended);
        assertThat(late.end()).contains("\"status\":\"SUCCEEDED\"").contains("\"complete\":true");
        assertThat(late.lines())
                .as("a viewer that comes after the end gets the rest from the stored log")
                .isEqualTo(logs.text(run.id()).orElseThrow().lines().toList());
        String page = browser.get("/runs/" + run.id()).body();
        assertThat(page).contains("first &lt;b&gt;line&lt;/b&gt;").doesNotContain("data-live-url");
    }

    @Test
    void onePersonMayFollowARunInAFewTabsNotInHundredsAndAHeadRequestHoldsNoPlace() throws Exception {
        WebSession browser = WebSession.signIn(port, "admin", "test-admin-password");
        Run run = launcher.launch(job.id(), RunTrigger.MANUAL, "tester");
        List<Events> tabs = new ArrayList<>();
        for (int i = 0; i < LiveTail.MAX_VIEWERS_PER_USER; i++) {
            tabs.add(Events.follow(browser, "/runs/" + run.id() + "/live?after=0", null));
        }
        for (Events tab : tabs) {
            await().atMost(WAIT).until(() -> tab.lines().size() >= 3);
        }

        // Only the status is read: had the limit not applied, the body would stream until the run ends.
        HttpResponse<java.io.InputStream> fifth = browser.client()
                .send(
                        browser.request("/runs/" + run.id() + "/live?after=0")
                                .timeout(WAIT)
                                .build(),
                        HttpResponse.BodyHandlers.ofInputStream());
        fifth.body().close();
        assertThat(fifth.statusCode())
                .as(
                        "one stream more than a person may hold, while the run is %s and the tabs have ended: %s",
                        history.find(run.id()).orElseThrow().status(),
                        tabs.stream().map(Events::ended).toList())
                .isEqualTo(429);
        HttpResponse<Void> head = browser.client()
                .send(
                        browser.request("/runs/" + run.id() + "/live")
                                .method("HEAD", java.net.http.HttpRequest.BodyPublishers.noBody())
                                .build(),
                        HttpResponse.BodyHandlers.discarding());
        assertThat(head.statusCode()).isEqualTo(405);

        Files.writeString(gate, "go\n");
        for (Events tab : tabs) {
            await().atMost(WAIT).until(tab::ended);
        }
    }

    @Test
    void theStreamIsNotForStrangersNorForRunsThatDoNotExist() throws Exception {
        WebSession browser = WebSession.signIn(port, "admin", "test-admin-password");
        assertThat(browser.get("/runs/999999/live").statusCode()).isEqualTo(404);

        HttpResponse<String> stranger = java.net.http.HttpClient.newHttpClient()
                .send(browser.request("/runs/1/live").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(stranger.statusCode()).isIn(302, 401);
        assertThat(stranger.body()).doesNotContain("event:");
        assertThat(stranger.headers().allValues("Set-Cookie"))
                .as("the session cookie is out of scripts' and other sites' reach")
                .isNotEmpty()
                .allSatisfy(cookie -> assertThat(cookie).contains("HttpOnly").contains("SameSite=Lax"));
    }

    private static String lastLine(String text) {
        String[] lines = text.split("\n");
        return lines[lines.length - 1];
    }

    /** The events of one stream, read as they arrive on a thread of their own. */
    static final class Events {

        private static final Pattern SKIPPED = Pattern.compile("\"skipped\":(\\d+)");

        private final List<String> lines = new CopyOnWriteArrayList<>();
        private volatile long skipped;
        private volatile String end;

        static Events follow(WebSession browser, String path, String lastEventId) {
            Events events = new Events();
            var request = browser.request(path).header("Accept", "text/event-stream");
            if (lastEventId != null) {
                request.header("Last-Event-ID", lastEventId);
            }
            browser.client()
                    .sendAsync(request.build(), HttpResponse.BodyHandlers.ofLines())
                    .thenAccept(response -> events.read(response.body()));
            return events;
        }

        private void read(Stream<String> stream) {
            String name = null;
            for (String line : (Iterable<String>) stream::iterator) {
                if (line.startsWith("event:")) {
                    name = line.substring("event:".length()).trim();
                } else if (line.startsWith("data:")) {
                    String data = line.substring("data:".length());
                    if ("end".equals(name)) {
                        end = data;
                    } else if ("lines".equals(name)) {
                        Matcher count = SKIPPED.matcher(data);
                        if (count.find()) {
                            skipped += Long.parseLong(count.group(1));
                        }
                        lines.addAll(linesOf(data));
                    }
                } else if (line.isEmpty()) {
                    name = null;
                }
            }
        }

        /** The JSON string array of a lines event, read with the app's own JSON library. */
        private static List<String> linesOf(String data) {
            tools.jackson.databind.JsonNode json = new tools.jackson.databind.ObjectMapper().readTree(data);
            List<String> texts = new ArrayList<>();
            json.get("lines").forEach(text -> texts.add(text.asString()));
            return texts;
        }

        List<String> lines() {
            return lines;
        }

        long skipped() {
            return skipped;
        }

        boolean ended() {
            return end != null;
        }

        String end() {
            return end;
        }
    }
}
