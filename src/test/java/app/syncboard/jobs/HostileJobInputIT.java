package app.syncboard.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import app.syncboard.SyncboardTest;
import app.syncboard.TestPairs;
import app.syncboard.hosts.CommandWords;
import app.syncboard.hosts.Pair;
import app.syncboard.runs.Run;
import app.syncboard.runs.RunHistory;
import app.syncboard.runs.RunStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.test.context.support.WithMockUser;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/**
 * No command injection: strings that a shell would run as commands, go through every text field of the job form.
 * Each submission is refused with a message next to a field, or saved; each saved job is run (and previewed) with the
 * real rsync on a local pair, and the canary file, which any of the strings would create if a shell read it, never
 * appears. Step commands are {@code echo}ed, so the run log shows the words as they reached the program.
 */
@SyncboardTest
@WithMockUser(username = "alice", roles = "ADMIN")
class HostileJobInputIT {

    private static final Pattern JOB_LOCATION = Pattern.compile("/jobs/(\\d+)");
    private static final Pattern RUN_LOCATION = Pattern.compile("/runs/(\\d+)");
    private static final Pattern ECHO_OPTIONS = Pattern.compile("-[neE]+");

    @Autowired
    MockMvc mvc;

    @Autowired
    SyncJobs jobs;

    @Autowired
    RunHistory history;

    @Autowired
    TestPairs testPairs;

    @TempDir
    Path dir;

    /** One field of the form and how a hostile string is put into it. */
    private record Field(String name, UnaryOperator<String> embed, boolean echoed) {}

    private record Saved(long jobId, String field, String hostile, boolean echoed) {}

    private record Started(Saved job, long runId) {}

    @Test
    void hostileStringsInAnyFieldAreRefusedOrStayLiteralAndRunNothing() throws Exception {
        Path primary = Files.createDirectories(dir.resolve("primary/data"));
        Files.writeString(primary.resolve("file.txt"), "data\n");
        Path standby = Files.createDirectories(dir.resolve("standby"));
        Pair pair = testPairs.localPair(dir.resolve("primary"), standby);
        Path canary = dir.resolve("CANARY");
        String touch = "touch " + canary;
        List<String> corpus = List.of(
                "$(" + touch + ")",
                "`" + touch + "`",
                "; " + touch,
                "| " + touch,
                "&& " + touch,
                "x\n" + touch,
                "' ; " + touch + " ; '",
                "\" ; " + touch + " ; \"",
                "--rsync-path=" + touch,
                "-e " + touch,
                "/x/$(" + touch + ")/",
                "*;" + touch,
                "x\u0000" + touch,
                "\u001b[31m" + touch,
                "a".repeat(5000),
                "\u202e" + touch,
                "x%0a" + touch,
                "touch${IFS}" + canary,
                "<script>" + touch + "</script>");
        List<Field> fields = List.of(
                new Field("name", h -> "hostile " + h, false),
                new Field("paths", h -> "/data/" + h, false),
                new Field("paths", h -> "/data/ -> /mapped/" + h + "/", false),
                new Field("includes", h -> h, false),
                new Field("excludes", h -> h, false),
                new Field("extraArguments", h -> h, false),
                new Field("extraArguments", h -> "--backup-dir=" + standby.resolve("backup") + "/" + h, false),
                new Field("sourceMarker", h -> "/" + h, false),
                new Field("checks", h -> "primary: echo " + h, true),
                new Field("preSteps", h -> "primary: echo " + h, true),
                new Field("postSteps", h -> "primary: echo " + h, true),
                new Field("startWindow", h -> h, false),
                new Field("blackouts", h -> h, false),
                new Field("schedule", h -> h, false),
                new Field("timeZone", h -> h, false));
        Map<String, String> base = new TreeMap<>(BrowserForm.fields(page(get("/jobs/new")), "/jobs/new"));
        base.put("pairId", pair.id().toString());
        base.put("paths", "/data/");
        base.put("schedule", "0 3 1 1 *");
        base.put("timeZone", "UTC");
        base.remove("enabled");
        List<String> problems = new ArrayList<>();
        List<Saved> saved = new ArrayList<>();
        int refused = 0;

        int number = 0;
        for (Field field : fields) {
            for (String hostile : corpus) {
                number++;
                Map<String, String> form = new TreeMap<>(base);
                form.put("name", "hostile-" + pair.id() + "-" + number);
                form.put(field.name(), field.embed().apply(hostile));
                String what = "#" + number + " " + field.name() + " = " + shown(form.get(field.name()));
                long before = jobs.count();
                MockHttpServletResponse response =
                        perform(post("/jobs/new").with(csrf()).params(BrowserForm.params(form)), what, problems);
                if (response == null) {
                    continue;
                }
                if (response.getStatus() == 302) {
                    Matcher m = JOB_LOCATION.matcher(response.getRedirectedUrl());
                    if (m.matches()) {
                        saved.add(new Saved(Long.parseLong(m.group(1)), field.name(), hostile, field.echoed()));
                    } else {
                        problems.add(what + ": redirected to " + response.getRedirectedUrl());
                    }
                } else if (response.getStatus() == 200) {
                    refused++;
                    String html = response.getContentAsString();
                    if (!html.contains("Nothing was saved") || !html.contains("<ul class=\"errors\">")) {
                        problems.add(what + ": 200 without a field error");
                    }
                    if (jobs.count() != before) {
                        problems.add(what + ": refused, but a job was saved");
                    }
                } else {
                    problems.add(what + ": status " + response.getStatus());
                }
                assertThat(canary).as(what).doesNotExist();
            }
        }

        List<Started> started = new ArrayList<>();
        for (Saved job : saved) {
            String what = "job " + job.jobId() + " (" + job.field() + " = " + shown(job.hostile()) + ")";
            MockHttpServletResponse page = perform(get("/jobs/{id}", job.jobId()), what + " page", problems);
            if (page != null && page.getContentAsString().contains("<script>")) {
                problems.add(what + ": the job page holds an unescaped <script>");
            }
            perform(get("/jobs/{id}/edit", job.jobId()), what + " edit page", problems);
            perform(post("/jobs/{id}/preview", job.jobId()).with(csrf()), what + " preview", problems);
            MockHttpServletResponse sync =
                    perform(post("/jobs/{id}/sync", job.jobId()).with(csrf()), what + " sync", problems);
            if (sync != null && sync.getStatus() == 302) {
                Matcher m = RUN_LOCATION.matcher(sync.getRedirectedUrl());
                assertThat(m.matches()).as(what + " sync redirect").isTrue();
                started.add(new Started(job, Long.parseLong(m.group(1))));
            } else if (sync != null) {
                problems.add(what + ": Sync now answered " + sync.getStatus());
            }
        }
        await().atMost(Duration.ofSeconds(60))
                .until(() -> started.stream()
                        .noneMatch(s -> history.find(s.runId()).orElseThrow().isActive()));

        for (Started s : started) {
            Run run = history.find(s.runId()).orElseThrow();
            String what = "run " + run.id() + " (" + s.job().field() + " = "
                    + shown(s.job().hostile()) + ")";
            MockHttpServletResponse runPage = perform(get("/runs/{id}", run.id()), what + " page", problems);
            if (runPage != null && runPage.getContentAsString().contains("<script>")) {
                problems.add(what + ": the run page holds an unescaped <script>");
            }
            MockHttpServletResponse log = perform(get("/runs/{id}/log", run.id()), what + " log", problems);
            if (s.job().echoed()) {
                if (run.status() != RunStatus.SUCCEEDED) {
                    problems.add(what + ": " + run.status() + " " + run.message());
                }
                String echoed = echoOutput(s.job().hostile());
                if (log != null && log.getContentAsString().lines().noneMatch(echoed::equals)) {
                    problems.add(what + ": the log lacks the line " + shown(echoed) + ":\n" + log.getContentAsString());
                }
            }
        }

        MockHttpServletResponse dashboard = perform(get("/"), "dashboard", problems);
        if (dashboard != null && dashboard.getContentAsString().contains("<script>")) {
            problems.add("the dashboard holds an unescaped <script>");
        }

        assertThat(problems).isEmpty();
        assertThat(canary).doesNotExist();
        try (Stream<Path> left = Files.list(dir)) {
            assertThat(left.map(path -> path.getFileName().toString())).containsExactlyInAnyOrder("primary", "standby");
        }
        assertThat(saved.size() + refused).isEqualTo(fields.size() * corpus.size());
        assertThat(saved)
                .as("hostile text is legal in some fields, and those jobs ran")
                .hasSizeGreaterThan(50);
        assertThat(refused).as("and refused in others").isGreaterThan(50);
    }

    /** What {@code echo} prints for the words of {@code echo <hostile>}: its options (-n, -e, -E) are not printed. */
    private static String echoOutput(String hostile) {
        List<String> words = new ArrayList<>(CommandWords.split("echo " + hostile));
        words.remove(0);
        while (!words.isEmpty() && ECHO_OPTIONS.matcher(words.get(0)).matches()) {
            words.remove(0);
        }
        return String.join(" ", words);
    }

    /** The response, or null after recording a problem: a 5xx status, or an exception escaping the app. */
    private MockHttpServletResponse perform(MockHttpServletRequestBuilder request, String what, List<String> problems) {
        try {
            MockHttpServletResponse response = mvc.perform(request).andReturn().getResponse();
            if (response.getStatus() >= 500) {
                problems.add(what + ": status " + response.getStatus());
                return null;
            }
            return response;
        } catch (Exception e) {
            problems.add(what + ": " + e);
            return null;
        }
    }

    private String page(MockHttpServletRequestBuilder request) throws Exception {
        MockHttpServletResponse response = mvc.perform(request).andReturn().getResponse();
        assertThat(response.getStatus()).isEqualTo(200);
        return response.getContentAsString();
    }

    private static String shown(String text) {
        StringBuilder visible = new StringBuilder();
        for (char c : text.substring(0, Math.min(text.length(), 80)).toCharArray()) {
            boolean invisible = Character.isISOControl(c) || Character.getType(c) == Character.FORMAT;
            visible.append(invisible ? String.format("\\u%04x", (int) c) : String.valueOf(c));
        }
        return "\"" + visible + (text.length() > 80 ? "…" : "") + "\"";
    }
}
