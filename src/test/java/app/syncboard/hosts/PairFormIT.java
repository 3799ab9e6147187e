package app.syncboard.hosts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import app.syncboard.SyncboardTest;
import app.syncboard.TestPairs;
import app.syncboard.jobs.SyncJob;
import app.syncboard.jobs.SyncJobs;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.test.context.support.WithMockUser;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.web.util.HtmlUtils;

@SyncboardTest
@WithMockUser(username = "alice", roles = "ADMIN")
class PairFormIT {

    @Autowired
    MockMvc mvc;

    @Autowired
    Pairs pairs;

    @Autowired
    Hosts hosts;

    @Autowired
    TestPairs testPairs;

    @Autowired
    SyncJobs jobs;

    @Autowired
    Scheduler scheduler;

    @Test
    void validPairIsSaved() throws Exception {
        mvc.perform(pairForm("mail; $(reboot)", "/srv/mail", "/backup/mail")).andExpect(status().is3xxRedirection());

        Pair pair = pairs.findByName("mail; $(reboot)").orElseThrow();
        assertThat(pair.primaryPath()).isEqualTo("/srv/mail");
        assertThat(pair.standbyPath()).isEqualTo("/backup/mail");
    }

    @Test
    void relativeOrIdenticalPathsAreRefusedNextToTheField() throws Exception {
        long before = pairs.count();

        String page = refused(pairForm("bad", "srv/data", "/line\nbreak"));
        String dot = refused(pairForm("dot", "/srv/./data", "/backup"));
        String same = refused(pairForm("same", "/srv/data/", "/srv/data"));

        assertThat(pairs.count()).isEqualTo(before);
        assertThat(HtmlUtils.htmlUnescape(page))
                .contains("The path must be absolute (start with /).")
                .contains("The path must not contain control characters");
        assertThat(same).contains("The standby path must differ from the primary path on the same host.");
        assertThat(HtmlUtils.htmlUnescape(dot)).contains("The path must not contain '.' or '..' segments.");
    }

    @Test
    void aStandbyInsideThePrimaryOrTheOtherWayRoundIsRefused() throws Exception {
        long before = pairs.count();

        for (String[] paths : new String[][] {
            {"/srv/data", "/srv/data/copy"},
            {"/srv/data/copy/", "/srv/data"},
            {"/", "/backup"},
            {"/srv//x/", "/srv/x/y"}
        }) {
            assertThat(refused(pairForm("nested", paths[0], paths[1])))
                    .as(paths[0] + " and " + paths[1])
                    .contains("neither base path may lie inside the other");
        }
        assertThat(pairs.count()).isEqualTo(before);
        mvc.perform(pairForm("siblings", "/srv/data", "/srv/data-copy")).andExpect(status().is3xxRedirection());
    }

    @Test
    void aPairIsDeletedOnlyWhenNoJobUsesIt() throws Exception {
        Pair used = pairs.findByName("mail; $(reboot)")
                .orElseGet(() -> pairs.save(Pair.create(
                        "used",
                        Long.parseLong(localId()),
                        "/srv/u",
                        Long.parseLong(localId()),
                        "/backup/u",
                        Instant.now())));
        testPairs.job(used, List.of("/"));
        Pair unused = pairs.save(Pair.create(
                "unused", Long.parseLong(localId()), "/srv/x", Long.parseLong(localId()), "/backup/x", Instant.now()));

        String confirm = mvc.perform(get("/pairs/{id}/delete", used.id()))
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(confirm).contains("cannot be deleted").contains("<li>job ").doesNotContain("Delete pair</button>");
        mvc.perform(post("/pairs/{id}/delete", used.id()).with(csrf()))
                .andExpect(status().is3xxRedirection())
                .andExpect(flash().attribute("notice", containsString("is still used by job ")));
        mvc.perform(post("/pairs/{id}/delete", unused.id()).with(csrf()))
                .andExpect(flash().attribute("notice", "Pair \"unused\" deleted."));

        assertThat(pairs.existsById(used.id())).isTrue();
        assertThat(pairs.existsById(unused.id())).isFalse();
    }

    @Test
    void changingASideSwitchesOffTheSchedulesOfThePairsJobs() throws Exception {
        long local = Long.parseLong(localId());
        Pair pair = pairs.save(Pair.create("moving", local, "/srv/m", local, "/backup/m", Instant.now()));
        SyncJob job = testPairs.job(pair, List.of("/"));

        mvc.perform(post("/pairs/{id}/edit", pair.id())
                        .with(csrf())
                        .param("name", "moving, renamed")
                        .param("primaryHostId", localId())
                        .param("primaryPath", "/srv/m")
                        .param("standbyHostId", localId())
                        .param("standbyPath", "/backup/m"))
                .andExpect(flash().attribute("notice", "Pair \"moving, renamed\" saved."));
        assertThat(jobs.findById(job.id()).orElseThrow().enabled()).isTrue();

        // The same directory written with a trailing slash or a doubled one is no move.
        mvc.perform(post("/pairs/{id}/edit", pair.id())
                        .with(csrf())
                        .param("name", "moving, renamed")
                        .param("primaryHostId", localId())
                        .param("primaryPath", "/srv//m/")
                        .param("standbyHostId", localId())
                        .param("standbyPath", "/backup/m/"))
                .andExpect(flash().attribute("notice", "Pair \"moving, renamed\" saved."));
        assertThat(jobs.findById(job.id()).orElseThrow().enabled()).isTrue();

        // Swapping the sides would make the next run copy the other way: its schedule stops.
        mvc.perform(post("/pairs/{id}/edit", pair.id())
                        .with(csrf())
                        .param("name", "moving, renamed")
                        .param("primaryHostId", localId())
                        .param("primaryPath", "/backup/m")
                        .param("standbyHostId", localId())
                        .param("standbyPath", "/srv/m"))
                .andExpect(flash().attribute(
                                "notice",
                                containsString("the schedules of its jobs were switched off (" + job.name() + ")")));
        assertThat(jobs.findById(job.id()).orElseThrow().enabled()).isFalse();
        assertThat(scheduler.checkExists(JobKey.jobKey(job.id().toString(), "sync-jobs")))
                .isFalse();
    }

    private String refused(MockHttpServletRequestBuilder request) throws Exception {
        return mvc.perform(request)
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
    }

    private MockHttpServletRequestBuilder pairForm(String name, String primaryPath, String standbyPath) {
        return post("/pairs/new")
                .with(csrf())
                .param("name", name)
                .param("primaryHostId", localId())
                .param("primaryPath", primaryPath)
                .param("standbyHostId", localId())
                .param("standbyPath", standbyPath);
    }

    private String localId() {
        return hosts.findAll().stream()
                .filter(Host::isLocal)
                .findFirst()
                .orElseThrow()
                .id()
                .toString();
    }
}
