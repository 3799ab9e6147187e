package app.syncboard.hosts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import app.syncboard.SyncboardTest;
import app.syncboard.TestPairs;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.test.context.support.WithMockUser;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.web.util.HtmlUtils;

/** The pair page, pausing and resuming a pair, and the pair form's "one run at a time" option. */
@SyncboardTest
@WithMockUser(username = "alice", roles = "ADMIN")
class PairPagesIT {

    @Autowired
    MockMvc mvc;

    @Autowired
    Pairs pairs;

    @Autowired
    TestPairs testPairs;

    @Autowired
    Hosts hosts;

    @Autowired
    JdbcClient jdbc;

    @Test
    void theFormOffersOneRunAtATimeWithItsHelpAndSavesIt() throws Exception {
        String form = page("/pairs/new");
        assertThat(form)
                .contains("id=\"oneRunAtATime\"")
                .contains("One run at a time on this pair")
                .contains("Already running since ... of job ...");

        String name = "web-" + UUID.randomUUID();
        mvc.perform(pairForm(post("/pairs/new"), name).param("oneRunAtATime", "true"))
                .andExpect(status().is3xxRedirection());
        Pair pair = pairs.findByName(name).orElseThrow();
        assertThat(pair.oneRunAtATime()).isTrue();
        assertThat(page("/pairs/" + pair.id() + "/edit")).containsPattern("id=\"oneRunAtATime\"[^>]*checked");
        assertThat(page("/pairs/" + pair.id())).contains("one run at a time on the whole pair");

        // An unticked box sends only Spring's marker field.
        mvc.perform(pairForm(post("/pairs/{id}/edit", pair.id()), name).param("_oneRunAtATime", "on"))
                .andExpect(status().is3xxRedirection());
        assertThat(pairs.findById(pair.id()).orElseThrow().oneRunAtATime()).isFalse();
    }

    @Test
    void aPairIsPausedWithAReasonShownEverywhereAndResumed() throws Exception {
        Pair pair = testPairs.localPair(Path.of("/srv/pause-a"), Path.of("/backup/pause-a"));
        testPairs.job(pair, List.of("/"));
        assertThat(page("/pairs/" + pair.id()))
                .contains("Pause pair")
                .contains("name=\"reason\"")
                .doesNotContain("status-PAUSED");

        mvc.perform(post("/pairs/{id}/pause", pair.id())
                        .param("reason", "Failover <to> the standby")
                        .with(csrf()))
                .andExpect(redirectedUrl("/pairs/" + pair.id()));

        Pair paused = pairs.findById(pair.id()).orElseThrow();
        assertThat(paused.isPaused()).isTrue();
        assertThat(paused.pausedReason()).isEqualTo("Failover <to> the standby (paused by alice)");
        assertThat(paused.pausedAt()).isNotNull();
        String pairPage = page("/pairs/" + pair.id());
        assertThat(pairPage).contains("PAUSED").contains("Resume pair").doesNotContain("name=\"reason\"");
        assertThat(HtmlUtils.htmlUnescape(pairPage)).contains("Failover <to> the standby (paused by alice)");
        assertThat(pairPage).doesNotContain("Failover <to>");
        String row = row(page("/pairs"), pair.name());
        assertThat(row)
                .contains("status-PAUSED")
                .contains("paused by alice")
                .contains("<time")
                .contains("Resume");

        mvc.perform(post("/pairs/{id}/resume", pair.id()).with(csrf())).andExpect(redirectedUrl("/pairs/" + pair.id()));

        assertThat(pairs.findById(pair.id()).orElseThrow().isPaused()).isFalse();
        assertThat(row(page("/pairs"), pair.name())).doesNotContain("PAUSED").contains("Pause…");
        mvc.perform(post("/pairs/{id}/resume", pair.id()).with(csrf()))
                .andExpect(flash().attribute("notice", "Pair \"" + pair.name() + "\" is not paused."));
    }

    @Test
    void aBlankReasonNamesWhoPausedAndAReasonOnSeveralLinesIsRefused() throws Exception {
        Pair pair = testPairs.localPair(Path.of("/srv/pause-b"), Path.of("/backup/pause-b"));

        mvc.perform(post("/pairs/{id}/pause", pair.id())
                        .param("reason", "two\nlines")
                        .with(csrf()))
                .andExpect(flash().attribute("notice", org.hamcrest.Matchers.startsWith("Not paused")));
        assertThat(pairs.findById(pair.id()).orElseThrow().isPaused()).isFalse();

        mvc.perform(post("/pairs/{id}/pause", pair.id()).param("reason", " ").with(csrf()));
        assertThat(pairs.findById(pair.id()).orElseThrow().pausedReason()).isEqualTo("Paused by alice.");
    }

    @Test
    void theRoleMarkerFileIsSavedShownAndAuditedAndABadOneIsRefusedNextToTheField() throws Exception {
        Host standby = hosts.save(Host.ssh(
                "marker-" + UUID.randomUUID(),
                "192.0.2.7",
                22,
                "sync",
                "/root/.ssh/id_sync",
                null,
                null,
                Instant.now()));
        assertThat(page("/pairs/new")).contains("id=\"roleMarkerPath\"").contains("Role marker file");

        String name = "marker-" + UUID.randomUUID();
        mvc.perform(twoHostForm(post("/pairs/new"), name, standby).param("roleMarkerPath", "/var/lib/syncboard/role"))
                .andExpect(status().is3xxRedirection());
        Pair pair = pairs.findByName(name).orElseThrow();
        assertThat(pair.roleMarkerPath()).isEqualTo("/var/lib/syncboard/role");
        assertThat(auditDetails("pair.create", pair)).contains("roleMarkerPath: /var/lib/syncboard/role");
        assertThat(page("/pairs/" + pair.id())).contains("<code>/var/lib/syncboard/role</code>");
        assertThat(page("/pairs/" + pair.id() + "/edit")).contains("value=\"/var/lib/syncboard/role\"");

        for (String[] refused : new String[][] {
            {"var/lib/syncboard/role", "The path must be absolute (start with /)."},
            {"/var/lib/role\nprimary", "The path must not contain control characters"},
            {"/var/lib/ro\u0000le", "The path must not contain control characters"},
            {"/" + "r".repeat(1024), "The path must be at most 1024 characters."},
            {"/var/lib/syncboard/", "Name a file, not a directory"}
        }) {
            String form = mvc.perform(twoHostForm(post("/pairs/{id}/edit", pair.id()), name, standby)
                            .param("roleMarkerPath", refused[0]))
                    .andExpect(status().isOk())
                    .andReturn()
                    .getResponse()
                    .getContentAsString();
            assertThat(HtmlUtils.htmlUnescape(field(form, "roleMarkerPath")))
                    .as(refused[0])
                    .contains("aria-invalid=\"true\"")
                    .contains(refused[1]);
        }
        String oneHost = mvc.perform(pairForm(post("/pairs/{id}/edit", pair.id()), name)
                        .param("roleMarkerPath", "/var/lib/syncboard/role"))
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(field(oneHost, "roleMarkerPath")).contains("Both sides are on the same host");
        assertThat(pairs.findById(pair.id()).orElseThrow().roleMarkerPath()).isEqualTo("/var/lib/syncboard/role");

        mvc.perform(twoHostForm(post("/pairs/{id}/edit", pair.id()), name, standby)
                        .param("roleMarkerPath", " "))
                .andExpect(status().is3xxRedirection());
        assertThat(pairs.findById(pair.id()).orElseThrow().roleMarkerPath()).isNull();
        assertThat(auditDetails("pair.update", pair)).contains("roleMarkerPath: /var/lib/syncboard/role → (none)");
        assertThat(page("/pairs/" + pair.id())).contains("none: runs read no role marker");
    }

    @Test
    void anUnknownPairIsNotFound() throws Exception {
        mvc.perform(get("/pairs/999999")).andExpect(status().isNotFound());
        mvc.perform(post("/pairs/999999/pause").with(csrf())).andExpect(status().isNotFound());
    }

    private String page(String url) throws Exception {
        return mvc.perform(get(url))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
    }

    /** The form field of {@code name}: its label, input, help and errors. */
    private static String field(String page, String name) {
        int start = page.indexOf("<label for=\"" + name + "\"");
        assertThat(start).as("field " + name).isPositive();
        int end = page.indexOf("</div>", start);
        return page.substring(start, end);
    }

    /** The details of the newest audit entry of the action on the pair. */
    private String auditDetails(String action, Pair pair) {
        return jdbc.sql("SELECT details FROM audit_event WHERE action = ? AND target_id = ? ORDER BY id DESC")
                .param(action)
                .param(String.valueOf(pair.id()))
                .query(String.class)
                .list()
                .get(0);
    }

    private static String row(String page, String pairName) {
        int start = page.indexOf("data-pair=\"" + pairName + "\"");
        assertThat(start).as("row of " + pairName).isPositive();
        return page.substring(start, page.indexOf("</tr>", start));
    }

    /** A pair from here to another host, which a role marker needs. */
    private MockHttpServletRequestBuilder twoHostForm(
            MockHttpServletRequestBuilder request, String name, Host standby) {
        return request.with(csrf())
                .param("name", name)
                .param("primaryHostId", testPairs.localHost().id().toString())
                .param("primaryPath", "/srv/" + name)
                .param("standbyHostId", standby.id().toString())
                .param("standbyPath", "/srv/" + name);
    }

    private MockHttpServletRequestBuilder pairForm(MockHttpServletRequestBuilder request, String name) {
        String local = testPairs.localHost().id().toString();
        return request.with(csrf())
                .param("name", name)
                .param("primaryHostId", local)
                .param("primaryPath", "/srv/" + name)
                .param("standbyHostId", local)
                .param("standbyPath", "/backup/" + name);
    }
}
