package app.syncboard.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrlPattern;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import app.syncboard.SyncboardTest;
import app.syncboard.TestPairs;
import app.syncboard.hosts.Pair;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.quartz.CronTrigger;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.TriggerKey;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.test.context.support.WithMockUser;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.web.util.HtmlUtils;

@SyncboardTest
@WithMockUser(username = "alice", roles = "ADMIN")
class JobFormIT {

    @Autowired
    MockMvc mvc;

    @Autowired
    SyncJobs jobs;

    @Autowired
    TestPairs testPairs;

    @Autowired
    Scheduler scheduler;

    @TempDir
    Path dir;

    Pair pair;

    @BeforeEach
    void pair() {
        pair = testPairs.localPair(dir.resolve("a"), dir.resolve("b"));
    }

    @Test
    void validJobIsSavedAndScheduled() throws Exception {
        String location = mvc.perform(
                        form("home dirs " + pair.id(), "/home/\r\n/etc/passwd\n", "30 4 * * 1-5", "Europe/Berlin"))
                .andExpect(status().is3xxRedirection())
                .andExpect(redirectedUrlPattern("/jobs/*"))
                .andReturn()
                .getResponse()
                .getRedirectedUrl();

        SyncJob job = jobs.findByName("home dirs " + pair.id()).orElseThrow();
        assertThat(location).isEqualTo("/jobs/" + job.id());
        assertThat(job.pathList()).containsExactly("/home/", "/etc/passwd");
        assertThat(job.timeZone()).isEqualTo("Europe/Berlin");
        assertThat(scheduler.checkExists(JobKey.jobKey(job.id().toString(), "sync-jobs")))
                .isTrue();

        mvc.perform(get(location))
                .andExpect(status().isOk())
                .andExpect(content().string(org.hamcrest.Matchers.containsString("30 4 * * 1-5")))
                .andExpect(content().string(org.hamcrest.Matchers.containsString("Next runs")));
    }

    @Test
    void badInputShowsMessagesNextToTheFieldsAndSavesNothing() throws Exception {
        long before = jobs.count();

        String page = refused(form("", "relative/path\n/ok/\n/with/../dots", "61 * * * *", "Mars/Olympus"));

        assertThat(jobs.count()).isEqualTo(before);
        assertThat(HtmlUtils.htmlUnescape(page))
                .contains("Nothing was saved")
                .contains("Enter a name.")
                .contains("Line 1: the path must be absolute (start with /).")
                .contains("Line 3: the path must not contain '.' or '..' segments.")
                .contains("The minute must be between 0 and 59 (got 61).")
                .contains("Unknown time zone \"Mars/Olympus\"")
                // what the user typed is still there to correct
                .contains("relative/path")
                .doesNotContain("Exception");
    }

    @Test
    void tooLongNameControlCharactersAndEmptyPathsAreRefused() throws Exception {
        long before = jobs.count();

        String page = refused(form("x".repeat(101), "/a/\u0000b", "", "UTC"));
        String page2 = refused(form("tab\tname", " \n \n", "@daily", ""));

        assertThat(jobs.count()).isEqualTo(before);
        assertThat(HtmlUtils.htmlUnescape(page))
                .contains("Use at most 100 characters.")
                .contains("Line 1: the path must not contain control characters such as newline, tab or NUL.")
                .contains("Enter a cron expression");
        assertThat(HtmlUtils.htmlUnescape(page2))
                .contains("Must not contain control characters.")
                .contains("Enter at least one absolute path")
                .contains("Enter a time zone");
    }

    @Test
    void excludeLinesThatRsyncWouldReadAsRulesAndDotSegmentsAreRefused() throws Exception {
        long before = jobs.count();

        String page = refused(post("/jobs/new")
                .with(csrf())
                .param("name", "rules-" + pair.id())
                .param("pairId", pair.id().toString())
                .param("paths", "/srv/./data/")
                .param("excludes", "*.tmp\n!\n+ *\n- cache/")
                .param("schedule", "@daily")
                .param("timeZone", "UTC"));

        assertThat(jobs.count()).isEqualTo(before);
        assertThat(HtmlUtils.htmlUnescape(page))
                .contains("Line 1: the path must not contain '.' or '..' segments.")
                .doesNotContain("Line 1: write a plain pattern")
                .contains("Line 2: write a plain pattern such as *.tmp")
                .contains("Line 3: write a plain pattern")
                .contains("Line 4: write a plain pattern");
    }

    @Test
    void aScheduleThatNeverFiresOrARepeatedPathIsAFieldErrorNotAnErrorPage() throws Exception {
        long before = jobs.count();

        String page = refused(form("feb-30-" + pair.id(), "/srv/\n/home/\n/srv//", "0 0 30 2 *", "UTC"));

        assertThat(jobs.count()).isEqualTo(before);
        assertThat(page)
                .contains("This schedule never fires (no such date, or only in the past).")
                .contains("Line 3 repeats line 1.");
    }

    @Test
    void aChangedScheduleReplacesTheTriggerAndARenameLeavesItAlone() throws Exception {
        SyncJob job = testPairs.job(pair, "resched-" + pair.id(), java.util.List.of("/"));
        mvc.perform(form(job, "resched-" + pair.id(), "30 4 * * *", "Europe/Berlin"))
                .andExpect(status().is3xxRedirection());
        CronTrigger moved = (CronTrigger)
                scheduler.getTrigger(TriggerKey.triggerKey(job.id().toString(), "sync-jobs"));
        assertThat(moved.getCronExpression())
                .isEqualTo(CronSchedule.parse("30 4 * * *", "UTC").quartzExpression());
        assertThat(moved.getTimeZone().getID()).isEqualTo("Europe/Berlin");

        mvc.perform(form(job, "renamed-" + pair.id(), "30 4 * * *", "Europe/Berlin"))
                .andExpect(status().is3xxRedirection());
        CronTrigger kept = (CronTrigger)
                scheduler.getTrigger(TriggerKey.triggerKey(job.id().toString(), "sync-jobs"));
        assertThat(kept.getStartTime()).isEqualTo(moved.getStartTime());
        assertThat(kept.getCronExpression()).isEqualTo(moved.getCronExpression());
    }

    private MockHttpServletRequestBuilder form(SyncJob job, String name, String schedule, String zone) {
        return post("/jobs/{id}/edit", job.id())
                .with(csrf())
                .param("name", name)
                .param("pairId", pair.id().toString())
                .param("paths", "/")
                .param("schedule", schedule)
                .param("timeZone", zone)
                .param("enabled", "true");
    }

    @Test
    void duplicateNameIsRefused() throws Exception {
        testPairs.job(pair, "taken-" + pair.id(), java.util.List.of("/"));

        String page = refused(form("taken-" + pair.id(), "/", "@daily", "UTC"));

        assertThat(page).contains("A job with this name exists already.");
    }

    @Test
    void editingKeepsTheJobAndReschedulesIt() throws Exception {
        SyncJob job = testPairs.job(pair, "edit-me-" + pair.id(), java.util.List.of("/"));

        mvc.perform(post("/jobs/{id}/edit", job.id())
                        .with(csrf())
                        .param("name", "edited-" + pair.id())
                        .param("pairId", pair.id().toString())
                        .param("paths", "/srv/")
                        .param("excludes", "*.tmp")
                        .param("schedule", "@hourly")
                        .param("timeZone", "UTC")
                        .param("_enabled", "on"))
                .andExpect(status().is3xxRedirection());

        SyncJob edited = jobs.findById(job.id()).orElseThrow();
        assertThat(edited.name()).isEqualTo("edited-" + pair.id());
        assertThat(edited.pathList()).containsExactly("/srv/");
        assertThat(edited.excludeList()).containsExactly("*.tmp");
        assertThat(edited.enabled()).isFalse();
        assertThat(scheduler.checkExists(JobKey.jobKey(job.id().toString(), "sync-jobs")))
                .isFalse();
    }

    @Test
    void schedulePreviewShowsTheNextRunsOrWhatIsWrong() throws Exception {
        String good = mvc.perform(get("/jobs/schedule-preview")
                        .param("schedule", "30 4 * * *")
                        .param("timeZone", "Europe/Berlin"))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
        String bad = mvc.perform(get("/jobs/schedule-preview")
                        .param("schedule", "30 4 * *")
                        .param("timeZone", "UTC"))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();

        assertThat(good).contains("Next runs").contains("04:30 (").contains("Europe/Berlin");
        assertThat(good.split("<li ", -1)).hasSize(6);
        assertThat(bad).contains("A cron expression has 5 fields").doesNotContain("Next runs");
    }

    /** Posts a form that must come back as the form page (200), not as a redirect to what was saved. */
    private String refused(MockHttpServletRequestBuilder request) throws Exception {
        return mvc.perform(request)
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
    }

    private MockHttpServletRequestBuilder form(String name, String paths, String schedule, String zone) {
        return post("/jobs/new")
                .with(csrf())
                .param("name", name)
                .param("pairId", pair.id().toString())
                .param("paths", paths)
                .param("excludes", "")
                .param("schedule", schedule)
                .param("timeZone", zone)
                .param("enabled", "true");
    }
}
