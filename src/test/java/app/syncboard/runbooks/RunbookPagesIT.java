package app.syncboard.runbooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import app.syncboard.SyncboardTest;
import app.syncboard.TestPairs;
import app.syncboard.TestUsers;
import app.syncboard.hosts.Pair;
import app.syncboard.security.ApiTokens;
import app.syncboard.security.Scope;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.web.util.HtmlUtils;

/**
 * The runbook pages: create from a template and from YAML, every problem shown with its place and the text kept,
 * edit, export and import, start guarded by the pair's name, what a viewer sees, and an execution's page with Done;
 * and the API's execution and Done with a token.
 */
@SyncboardTest
class RunbookPagesIT {

    /** Changes nothing: a read-only command that prints markup, and a manual step. */
    private static final String HARMLESS = """
            name: Harmless
            description: Looks and asks.
            steps:
            - title: Print some markup
              command: printf '<b>x</b>\\n'
              host: primary
              changes: false
            - title: Look at the standby
              manual: Check that the standby's disk is there.
            """;

    @Autowired
    MockMvc mvc;

    @Autowired
    TestPairs testPairs;

    @Autowired
    Runbooks runbooks;

    @Autowired
    Executions executions;

    @Autowired
    RunbookEngine engine;

    @Autowired
    RunbookTemplates templates;

    @Autowired
    ApiTokens tokens;

    @TempDir
    Path dir;

    @Test
    void aRunbookIsCreatedFromATemplateAndFromPastedYaml() throws Exception {
        Pair pair = pair();
        RunbookTemplates.Template template =
                templates.find("cold-standby-takeover").orElseThrow();

        String form = page("/runbooks/new?pair=" + pair.id() + "&template=" + template.id());
        assertThat(textarea(form)).isEqualTo(template.yaml());
        assertThat(HtmlUtils.htmlUnescape(form))
                .contains(templates.all().stream()
                        .map(RunbookTemplates.Template::description)
                        .toList()
                        .toArray(String[]::new));
        assertThat(form).containsPattern("<option value=\"" + pair.id() + "\" selected");

        long fromTemplate = created(mvc.perform(post("/runbooks")
                        .with(TestUsers.user("alice"))
                        .with(csrf())
                        .param("pair", String.valueOf(pair.id()))
                        .param("yaml", template.yaml()))
                .andReturn()
                .getResponse());
        long pasted = created(mvc.perform(post("/runbooks")
                        .with(TestUsers.user("alice"))
                        .with(csrf())
                        .param("pair", String.valueOf(pair.id()))
                        .param("yaml", HARMLESS))
                .andReturn()
                .getResponse());

        assertThat(runbooks.find(fromTemplate).orElseThrow().name()).isEqualTo("Cold-standby takeover");
        String shown = HtmlUtils.htmlUnescape(page("/runbooks/" + pasted));
        assertThat(shown)
                .contains("Runbook Harmless", "Looks and asks.", pair.name())
                .contains("Print some markup", "(Command)", "read-only", "printf '<b>x</b>\\n'", "primary (now ")
                .contains("Look at the standby", "(Manual step)", "changes something")
                .contains("Check that the standby's disk is there.", "none: it waits for a person")
                .contains("10m (the default)");
        String list = page("/runbooks?pair=" + pair.id());
        assertThat(list).contains("Cold-standby takeover", "Harmless", "New runbook", "Import");
    }

    @Test
    void aRunbookWithMistakesShowsEveryProblemWithItsPlaceAndKeepsTheText() throws Exception {
        Pair pair = pair();
        String yaml = """
                name: Broken & "quoted" <runbook>
                steps:
                - title: One
                  command: echo 1
                  host: primary
                  timeout: soon
                - title: Two
                  manual: do it
                  on_failure: maybe
                - title: Three
                  notify: hello
                  colour: red
                """;

        String page = mvc.perform(post("/runbooks")
                        .with(TestUsers.user("alice"))
                        .with(csrf())
                        .param("pair", String.valueOf(pair.id()))
                        .param("yaml", yaml))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();

        assertThat(problems(page))
                .containsExactlyInAnyOrder(
                        "steps[0].timeout: A duration such as 30s, 10m, 2h or 1d, not 'soon'.",
                        "steps[1].on_failure: Either stop or continue, not 'maybe'.",
                        "steps[2].colour: Unknown key; the keys here are notify, on_failure, timeout, title.");
        assertThat(textarea(page)).isEqualTo(yaml);
        assertThat(runbooks.ofPair(pair.id())).isEmpty();
    }

    @Test
    void anEditIsSavedAndOneOverAnotherEditIsRefusedKeepingTheText() throws Exception {
        Runbook runbook = runbooks.create(pair().id(), HARMLESS).runbook();
        String form = page("/runbooks/" + runbook.id() + "/edit");
        assertThat(textarea(form)).isEqualTo(runbook.steps());
        assertThat(form).contains("name=\"version\" value=\"" + runbook.version() + "\"");

        String edited = runbook.steps().replace("Print some markup", "Print a little markup");
        mvc.perform(edit(runbook, edited, runbook.version())).andExpect(status().is3xxRedirection());
        Runbook saved = runbooks.find(runbook.id()).orElseThrow();
        assertThat(saved.steps()).contains("Print a little markup");
        assertThat(saved.version()).isEqualTo(runbook.version() + 1);

        String stale = runbook.steps().replace("Print some markup", "Print lots of markup");
        String refused = mvc.perform(edit(runbook, stale, runbook.version()))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(HtmlUtils.htmlUnescape(refused)).contains("changed by someone else meanwhile");
        assertThat(textarea(refused)).isEqualTo(stale);
        assertThat(runbooks.find(runbook.id()).orElseThrow().steps()).contains("Print a little markup");
    }

    @Test
    void anExportedRunbookImportsToTheSameYaml() throws Exception {
        Runbook runbook = runbooks.create(pair().id(), HARMLESS).runbook();

        MockHttpServletResponse export = mvc.perform(
                        get("/runbooks/{id}/export.yaml", runbook.id()).with(TestUsers.user("alice")))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse();
        assertThat(export.getContentType()).isEqualTo("text/yaml;charset=UTF-8");
        assertThat(export.getHeader(HttpHeaders.CONTENT_DISPOSITION))
                .startsWith("attachment;")
                .contains("Harmless.yml");
        String yaml = export.getContentAsString(StandardCharsets.UTF_8);
        assertThat(yaml).isEqualTo(runbook.steps());

        Pair other = pair();
        long imported = created(mvc.perform(multipart("/runbooks/import")
                        .file(new MockMultipartFile(
                                "file", "Harmless.yml", "text/yaml", yaml.getBytes(StandardCharsets.UTF_8)))
                        .param("pair", String.valueOf(other.id()))
                        .with(TestUsers.user("alice"))
                        .with(csrf()))
                .andReturn()
                .getResponse());
        String again = mvc.perform(get("/runbooks/{id}/export.yaml", imported).with(TestUsers.user("alice")))
                .andReturn()
                .getResponse()
                .getContentAsString(StandardCharsets.UTF_8);
        assertThat(again).isEqualTo(yaml);
        assertThat(runbooks.find(imported).orElseThrow().pairId()).isEqualTo(other.id());

        // A file with a mistake: its problems, and its text to correct, as for the form.
        String broken = yaml.replace("changes: false", "changes: maybe");
        String page = mvc.perform(multipart("/runbooks/import")
                        .file(new MockMultipartFile(
                                "file", "broken.yml", "text/yaml", broken.getBytes(StandardCharsets.UTF_8)))
                        .param("pair", String.valueOf(other.id()))
                        .with(TestUsers.user("alice"))
                        .with(csrf()))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(problems(page)).containsExactly("steps[0].changes: true or false.");
        assertThat(textarea(page)).isEqualTo(broken);
    }

    @Test
    void aWrongPairNameStartsNothingAndSaysSoNextToTheField() throws Exception {
        Pair pair = pair();
        Runbook runbook = runbooks.create(pair.id(), HARMLESS).runbook();

        String page = mvc.perform(post("/runbooks/{id}/start", runbook.id())
                        .with(TestUsers.user("alice"))
                        .with(csrf())
                        .param("pairName", "not-" + pair.name()))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();

        Matcher error =
                Pattern.compile("<li id=\"pairName-error\">([^<]*)</li>").matcher(page);
        assertThat(error.find()).as(page).isTrue();
        assertThat(HtmlUtils.htmlUnescape(error.group(1)))
                .isEqualTo("Type the pair's name, " + pair.name() + ", to start this runbook; nothing was started.");
        assertThat(page).contains("value=\"not-" + pair.name() + "\"");
        assertThat(executions.ofRunbook(runbook.id(), 10)).isEmpty();
        assertThat(executions.activeOfPair(pair.id())).isEmpty();
        assertThat(auditRow("runbook.start", runbook.id()))
                .contains("FAILED", "Type the pair's name", "typed pair name: not-" + pair.name());
    }

    @Test
    void aViewerSeesTheRunbookWithoutItsActionsAndCannotStartIt() throws Exception {
        Pair pair = pair();
        Runbook runbook = runbooks.create(pair.id(), HARMLESS).runbook();

        String page = mvc.perform(
                        get("/runbooks/{id}", runbook.id()).with(user("vera").roles("VIEWER")))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(page).contains("Print some markup", "id=\"export-runbook\"");
        assertThat(page)
                .doesNotContain("id=\"start\"", "id=\"edit-runbook\"", "id=\"rehearse\"", "id=\"delete-runbook\"");
        assertThat(mvc.perform(get("/runbooks").with(user("vera").roles("VIEWER")))
                        .andReturn()
                        .getResponse()
                        .getContentAsString())
                .contains("Harmless")
                .doesNotContain("id=\"new-runbook\"");

        mvc.perform(post("/runbooks/{id}/start", runbook.id())
                        .with(user("vera").roles("VIEWER"))
                        .with(csrf())
                        .param("pairName", pair.name()))
                .andExpect(status().isForbidden());
        assertThat(executions.ofRunbook(runbook.id(), 10)).isEmpty();
    }

    @Test
    void anExecutionShowsItsStepsWithTheirOutputAsTextAndDoneCompletesTheManualStep() throws Exception {
        Pair pair = pair();
        Runbook runbook = runbooks.create(pair.id(), HARMLESS).runbook();

        // A rehearsal runs the read-only command and only describes the manual step.
        String rehearsed = redirect(mvc.perform(post("/runbooks/{id}/rehearse", runbook.id())
                        .with(TestUsers.user("alice"))
                        .with(csrf()))
                .andReturn()
                .getResponse());
        long rehearsal = Long.parseLong(rehearsed.replace("/runbooks/executions/", ""));
        await().atMost(Duration.ofSeconds(30))
                .until(() -> executions.find(rehearsal).orElseThrow().status() == ExecutionStatus.SUCCEEDED);
        String page = page(rehearsed);
        assertThat(page)
                .contains("id=\"rehearsal-badge\"", "Print some markup", "Look at the standby")
                .contains("status-SUCCEEDED", "status-REHEARSED")
                .doesNotContain("<b>x</b>")
                .doesNotContain("hx-trigger");
        Matcher log = Pattern.compile("<pre class=\"log\" id=\"log-1\">(.*?)</pre>", Pattern.DOTALL)
                .matcher(page);
        assertThat(log.find()).as(page).isTrue();
        assertThat(log.group(1)).contains("\n&lt;b&gt;x&lt;/b&gt;\n").doesNotContain("<");
        assertThat(HtmlUtils.htmlUnescape(log.group(1)).lines()).contains("<b>x</b>", "exit code 0");

        // For real (the steps are harmless): the execution waits at the manual step until someone clicks Done.
        String started = redirect(mvc.perform(post("/runbooks/{id}/start", runbook.id())
                        .with(TestUsers.user("alice"))
                        .with(csrf())
                        .param("pairName", pair.name()))
                .andReturn()
                .getResponse());
        long execution = Long.parseLong(started.replace("/runbooks/executions/", ""));
        await().atMost(Duration.ofSeconds(30))
                .until(() -> executions.find(execution).orElseThrow().status() == ExecutionStatus.WAITING);
        String live = mvc.perform(get(started).with(TestUsers.user("alice")).header("HX-Request", "true"))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(live)
                .contains("<section id=\"execution-live\"")
                .contains("hx-trigger=\"every 2s\"", "id=\"done-2\"", "&lt;b&gt;x&lt;/b&gt;")
                .doesNotContain("<html");

        mvc.perform(post(started + "/steps/1/done")
                        .with(user("olga").roles("OPERATOR"))
                        .with(csrf())
                        .param("comment", "Disk <checked> & fine"))
                .andExpect(status().is3xxRedirection());

        await().atMost(Duration.ofSeconds(30))
                .until(() -> executions.find(execution).orElseThrow().status() == ExecutionStatus.SUCCEEDED);
        ExecutionStep done = executions.step(execution, 1).orElseThrow();
        assertThat(done.status()).isEqualTo(StepStatus.SUCCEEDED);
        assertThat(done.note()).isEqualTo("Disk <checked> & fine");
        assertThat(done.doneBy()).isEqualTo("olga");
        assertThat(auditRow("runbook.step-done", execution))
                .contains("olga", "SUCCESS", "step 2 (Look at the standby)", "comment: Disk <checked> & fine");
        String ended = page(started);
        assertThat(ended)
                .contains("Disk &lt;checked&gt; &amp; fine", "(olga)")
                .doesNotContain("hx-trigger", "id=\"done-2\"");
        assertThat(HtmlUtils.htmlUnescape(page("/runbooks/" + runbook.id())))
                .contains("#" + execution, "#" + rehearsal);
    }

    @Test
    void aTokenFollowsAnExecutionAndCompletesItsManualStep() throws Exception {
        Pair pair = pair();
        Runbook runbook = runbooks.create(pair.id(), HARMLESS).runbook();
        String trigger = tokens.create("runbook-" + UUID.randomUUID(), Set.of(Scope.RUNS_TRIGGER), "alice")
                .value();
        long execution = engine.start(runbook.id(), pair.name(), "alice").id();
        await().atMost(Duration.ofSeconds(30))
                .until(() -> executions.find(execution).orElseThrow().status() == ExecutionStatus.WAITING);

        MockHttpServletResponse waiting = api(get("/api/v1/runbook-executions/{id}", execution), trigger);
        assertThat(waiting.getStatus()).isEqualTo(200);
        assertThat(waiting.getContentAsString())
                .contains("\"status\":\"WAITING\"", "\"currentStep\":1")
                .containsPattern("\"position\":0,[^}]*\"status\":\"SUCCEEDED\",\"attempts\":1,\"exitCode\":0")
                .containsPattern("\"position\":1,[^}]*\"status\":\"WAITING\"");

        MockHttpServletResponse done = api(
                post("/api/v1/runbook-executions/{id}/steps/1/done", execution)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"comment\": \"checked by the script\"}"),
                trigger);
        assertThat(done.getStatus()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> executions.find(execution).orElseThrow().status() == ExecutionStatus.SUCCEEDED);
        assertThat(api(get("/api/v1/runbook-executions/{id}", execution), trigger)
                        .getContentAsString())
                .contains("\"status\":\"SUCCEEDED\"", "\"note\":\"checked by the script\"");

        MockHttpServletResponse again = api(post("/api/v1/runbook-executions/{id}/steps/1/done", execution), trigger);
        assertThat(again.getStatus()).isEqualTo(409);
        assertThat(again.getContentType()).isEqualTo("application/problem+json");

        String admin = tokens.create("runbook-admin-" + UUID.randomUUID(), Set.of(Scope.ADMIN), "alice")
                .value();
        MockHttpServletResponse refused = api(
                post("/api/v1/runbooks?pair={pair}", pair.id())
                        .contentType("application/yaml")
                        .content(
                                "name: Api\nsteps:\n- title: One\n  command: true\n  host: primary\n  timeout: soon\n"),
                admin);
        assertThat(refused.getStatus()).isEqualTo(422);
        assertThat(refused.getContentType()).isEqualTo("application/problem+json");
        assertThat(refused.getContentAsString())
                .contains("\"problems\":[{\"path\":\"steps[0].timeout\",\"message\":\"A duration such as");
    }

    private Pair pair() {
        return testPairs.localPair(dir.resolve("primary-" + UUID.randomUUID()), dir.resolve("standby"));
    }

    private MockHttpServletResponse api(MockHttpServletRequestBuilder request, String token) throws Exception {
        return mvc.perform(request.header(HttpHeaders.AUTHORIZATION, "Bearer " + token))
                .andReturn()
                .getResponse();
    }

    private MockHttpServletRequestBuilder edit(Runbook runbook, String yaml, long version) {
        return post("/runbooks/{id}", runbook.id())
                .with(TestUsers.user("alice"))
                .with(csrf())
                .param("yaml", yaml)
                .param("version", String.valueOf(version));
    }

    private String page(String url) throws Exception {
        return mvc.perform(get(url).with(TestUsers.user("alice")))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
    }

    /** The id of the runbook a save redirected to. */
    private static long created(MockHttpServletResponse response) throws Exception {
        String location = redirect(response);
        assertThat(location).as(response.getContentAsString()).matches("/runbooks/\\d+");
        return Long.parseLong(location.substring("/runbooks/".length()));
    }

    private static String redirect(MockHttpServletResponse response) throws Exception {
        assertThat(response.getStatus()).as(response.getContentAsString()).isEqualTo(302);
        return response.getRedirectedUrl();
    }

    /** The newest entry of the audit log with this action and target, as text. */
    private String auditRow(String action, long targetId) throws Exception {
        String log = page("/settings/audit?action=" + action);
        return Pattern.compile("<tr id=\"audit-\\d+\">(.*?)</tr>", Pattern.DOTALL)
                .matcher(log)
                .results()
                .map(row -> HtmlUtils.htmlUnescape(row.group(1)))
                .filter(row -> row.contains("(#" + targetId + ")"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + action + " of #" + targetId + " in " + log));
    }

    /** The runbook text in the page's textarea, as the browser reads it. */
    private static String textarea(String page) {
        Matcher textarea = Pattern.compile("<textarea id=\"yaml\"[^>]*>(.*?)</textarea>", Pattern.DOTALL)
                .matcher(page);
        assertThat(textarea.find()).as(page).isTrue();
        return HtmlUtils.htmlUnescape(textarea.group(1));
    }

    /** The problems listed next to the runbook text. */
    private static java.util.List<String> problems(String page) {
        Matcher list = Pattern.compile("<ul class=\"errors\" id=\"yaml-problems\">(.*?)</ul>", Pattern.DOTALL)
                .matcher(page);
        assertThat(list.find()).as(page).isTrue();
        return Pattern.compile("<li>([^<]*)</li>")
                .matcher(list.group(1))
                .results()
                .map(m -> HtmlUtils.htmlUnescape(m.group(1)))
                .toList();
    }
}
