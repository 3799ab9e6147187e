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
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
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

    private static String row(String page, String pairName) {
        int start = page.indexOf("data-pair=\"" + pairName + "\"");
        assertThat(start).as("row of " + pairName).isPositive();
        return page.substring(start, page.indexOf("</tr>", start));
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
