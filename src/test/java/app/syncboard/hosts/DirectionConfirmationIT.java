package app.syncboard.hosts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.startsWith;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import app.syncboard.SyncboardTest;
import app.syncboard.TestPairs;
import app.syncboard.jobs.SyncJob;
import app.syncboard.runs.Run;
import app.syncboard.runs.RunHistory;
import app.syncboard.runs.RunStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.UserRequestPostProcessor;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.web.util.HtmlUtils;

/**
 * After a role switch the pair's jobs stay paused until an operator confirms the way they copy now: the dashboard
 * and the pair page say so, Resume does not end that pause, and the confirmation is audited and lets the jobs copy
 * from the new primary.
 */
@SyncboardTest
class DirectionConfirmationIT {

    private static final UserRequestPostProcessor OPERATOR = user("olga").roles("OPERATOR");
    private static final UserRequestPostProcessor VIEWER = user("vic").roles("VIEWER");

    @Autowired
    MockMvc mvc;

    @Autowired
    PairRoles roles;

    @Autowired
    Pairs pairs;

    @Autowired
    RunHistory history;

    @Autowired
    TestPairs testPairs;

    @Autowired
    JdbcClient jdbc;

    @TempDir
    Path dir;

    @Test
    void afterARoleSwitchTheJobsWaitForTheNewDirectionToBeConfirmed() throws Exception {
        Path a = Files.createDirectories(dir.resolve("a"));
        Path b = Files.createDirectories(dir.resolve("b"));
        Files.writeString(a.resolve("old.txt"), "from the old primary\n");
        Pair pair = testPairs.localPair(a, b);
        SyncJob job = testPairs.job(pair, List.of("/"));
        assertThat(syncNow(job).status()).isEqualTo(RunStatus.SUCCEEDED);

        roles.switchRoles(pair.id(), "runbook:alice");
        Files.writeString(b.resolve("new.txt"), "written on the new primary\n");

        Run refused = syncNow(job);
        assertThat(refused.status()).isEqualTo(RunStatus.SKIPPED);
        assertThat(refused.message())
                .startsWith("The pair " + pair.name() + " is paused: Roles switched by runbook:alice");
        assertThat(a.resolve("new.txt")).doesNotExist();

        String local = testPairs.localHost().name();
        String banner = "Roles of pair " + pair.name() + " were switched by runbook:alice at ";
        String direction = "Its jobs stay paused until someone confirms that they now copy " + local + ":" + b + " → "
                + local + ":" + a + ".";
        assertThat(text(page("/", OPERATOR)))
                .contains(banner)
                .contains(direction)
                .contains("Confirm new direction");
        assertThat(text(page("/", VIEWER))).contains(banner).doesNotContain("Confirm new direction");
        String pairPage = text(page("/pairs/" + pair.id(), OPERATOR));
        assertThat(pairPage).contains(banner).contains(direction).doesNotContain("Resume pair");

        // Resume would end the pause without anyone looking at the direction.
        mvc.perform(post("/pairs/{id}/resume", pair.id()).with(OPERATOR).with(csrf()))
                .andExpect(flash().attribute("notice", startsWith("Not resumed: the roles of pair")));
        mvc.perform(post("/pairs/{id}/confirm-direction", pair.id())
                        .with(VIEWER)
                        .with(csrf()))
                .andExpect(status().isForbidden());
        assertThat(pairs.findById(pair.id()).orElseThrow().awaitsDirectionConfirmation())
                .isTrue();

        long version = pairs.findById(pair.id()).orElseThrow().version();
        mvc.perform(post("/pairs/{id}/confirm-direction", pair.id())
                        .param("version", String.valueOf(version))
                        .param("back", "dashboard")
                        .with(OPERATOR)
                        .with(csrf()))
                .andExpect(redirectedUrl("/"))
                .andExpect(flash().attribute(
                                "notice",
                                "Pair \"" + pair.name() + "\": direction " + local + ":" + b + " → " + local + ":" + a
                                        + " confirmed; its jobs run again."));

        Pair confirmed = pairs.findById(pair.id()).orElseThrow();
        assertThat(confirmed.awaitsDirectionConfirmation()).isFalse();
        assertThat(confirmed.isPaused()).isFalse();
        assertThat(text(page("/", OPERATOR))).doesNotContain(banner);
        Map<String, Object> entry = jdbc.sql("SELECT actor, outcome, details FROM audit_event"
                        + " WHERE action = 'pair.confirm-direction' AND target_id = ? ORDER BY id DESC")
                .param(String.valueOf(pair.id()))
                .query()
                .listOfRows()
                .get(0);
        assertThat(entry.get("actor")).isEqualTo("olga");
        assertThat(entry.get("outcome")).isEqualTo("SUCCESS");
        assertThat((String) entry.get("details"))
                .contains("confirmed direction: " + local + ":" + b + " → " + local + ":" + a)
                .contains("rolesSwitchedBy: runbook:alice → (none)");

        Run copied = syncNow(job);
        assertThat(copied.status()).as(copied.message()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(a.resolve("new.txt")).hasContent("written on the new primary\n");
        assertThat(a.resolve("old.txt")).hasContent("from the old primary\n");
    }

    @Test
    void aConfirmationOfAnOlderViewOfThePairIsRefused() throws Exception {
        Pair pair = testPairs.localPair(dir.resolve("c"), dir.resolve("d"));
        long shown = roles.switchRoles(pair.id(), "alice").version();
        roles.switchRoles(pair.id(), "bob");

        mvc.perform(post("/pairs/{id}/confirm-direction", pair.id())
                        .param("version", String.valueOf(shown))
                        .with(OPERATOR)
                        .with(csrf()))
                .andExpect(redirectedUrl("/pairs/" + pair.id()))
                .andExpect(
                        flash().attribute("notice", startsWith("Not confirmed: pair \"" + pair.name() + "\" changed")));
        assertThat(pairs.findById(pair.id()).orElseThrow().awaitsDirectionConfirmation())
                .isTrue();
    }

    @Test
    void aPairFormOpenedBeforeTheSwitchCannotPutTheOldSidesBack() throws Exception {
        Path c = Files.createDirectories(dir.resolve("c"));
        Path d = Files.createDirectories(dir.resolve("d"));
        Pair pair = testPairs.localPair(c, d);
        String form = page("/pairs/" + pair.id() + "/edit", user("ada").roles("ADMIN"));
        assertThat(form).contains("name=\"version\" value=\"" + pair.version() + "\"");
        roles.switchRoles(pair.id(), "alice");
        long local = testPairs.localHost().id();

        // The form as the admin opened it: the old sides, the old version.
        String answer = mvc.perform(post("/pairs/{id}/edit", pair.id())
                        .param("name", pair.name())
                        .param("primaryHostId", String.valueOf(local))
                        .param("primaryPath", c.toString())
                        .param("standbyHostId", String.valueOf(local))
                        .param("standbyPath", d.toString())
                        .param("version", String.valueOf(pair.version()))
                        .with(user("ada").roles("ADMIN"))
                        .with(csrf()))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();

        assertThat(text(answer)).contains("Someone changed this pair after you opened this form");
        Pair now = pairs.findById(pair.id()).orElseThrow();
        assertThat(now.primaryPath()).as("the switch stays").isEqualTo(d.toString());
        assertThat(now.awaitsDirectionConfirmation()).isTrue();

        // Opened after the switch, the form still may not move the sides before the direction is confirmed.
        String again = mvc.perform(post("/pairs/{id}/edit", pair.id())
                        .param("name", pair.name())
                        .param("primaryHostId", String.valueOf(local))
                        .param("primaryPath", c.toString())
                        .param("standbyHostId", String.valueOf(local))
                        .param("standbyPath", d.toString())
                        .param("version", String.valueOf(now.version()))
                        .with(user("ada").roles("ADMIN"))
                        .with(csrf()))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(text(again)).contains("confirm it first, then change its sides");
        assertThat(pairs.findById(pair.id()).orElseThrow().primaryPath()).isEqualTo(d.toString());
    }

    @Test
    void aPauseSetAfterTheSwitchOutlivesTheConfirmation() throws Exception {
        Pair pair = testPairs.localPair(dir.resolve("e"), dir.resolve("f"));
        roles.switchRoles(pair.id(), "alice");
        mvc.perform(post("/pairs/{id}/pause", pair.id())
                        .param("reason", "disk check on the new standby")
                        .with(OPERATOR)
                        .with(csrf()))
                .andExpect(status().is3xxRedirection());
        long version = pairs.findById(pair.id()).orElseThrow().version();

        mvc.perform(post("/pairs/{id}/confirm-direction", pair.id())
                        .param("version", String.valueOf(version))
                        .with(OPERATOR)
                        .with(csrf()))
                .andExpect(redirectedUrl("/pairs/" + pair.id()));

        Pair confirmed = pairs.findById(pair.id()).orElseThrow();
        assertThat(confirmed.awaitsDirectionConfirmation()).isFalse();
        assertThat(confirmed.isPaused()).isTrue();
        assertThat(confirmed.pausedReason()).startsWith("disk check on the new standby");
    }

    @Test
    void aConfirmationWithoutTheVersionItSawIsRefused() throws Exception {
        Pair pair = testPairs.localPair(dir.resolve("g"), dir.resolve("h"));
        roles.switchRoles(pair.id(), "alice");

        mvc.perform(post("/pairs/{id}/confirm-direction", pair.id())
                        .with(OPERATOR)
                        .with(csrf()))
                .andExpect(flash().attribute("notice", startsWith("Not confirmed")));
        assertThat(pairs.findById(pair.id()).orElseThrow().awaitsDirectionConfirmation())
                .isTrue();
    }

    /** Sync now as the operator, and the run once it ended. */
    private Run syncNow(SyncJob job) throws Exception {
        String runPage = mvc.perform(
                        post("/jobs/{id}/sync", job.id()).with(OPERATOR).with(csrf()))
                .andReturn()
                .getResponse()
                .getRedirectedUrl();
        assertThat(runPage).startsWith("/runs/");
        long runId = Long.parseLong(runPage.substring("/runs/".length()));
        await().atMost(Duration.ofSeconds(30))
                .until(() -> !history.find(runId).orElseThrow().isActive());
        return history.find(runId).orElseThrow();
    }

    private String page(String url, UserRequestPostProcessor as) throws Exception {
        return mvc.perform(get(url).with(as))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
    }

    /** A page as read: without tags, with runs of white space as one. */
    private static String text(String html) {
        return HtmlUtils.htmlUnescape(html.replaceAll("<[^>]*>", "")).replaceAll("\\s+", " ");
    }
}
