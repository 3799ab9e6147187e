package app.syncboard.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import app.syncboard.SyncboardTest;
import app.syncboard.TestPairs;
import app.syncboard.hosts.Direction;
import app.syncboard.hosts.Pair;
import app.syncboard.hosts.PosixQuoting;
import app.syncboard.jobs.JobStep.Phase;
import app.syncboard.jobs.JobStep.Side;
import app.syncboard.jobs.SyncJob.JobPath;
import app.syncboard.runs.Run;
import app.syncboard.runs.RunHistory;
import app.syncboard.runs.RunStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.test.context.support.WithMockUser;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.web.util.HtmlUtils;

/**
 * The job form, the job page and the run page with every job option, through MockMvc as a browser would use them,
 * with the real rsync on a local pair.
 */
@SyncboardTest
@WithMockUser(username = "alice", roles = "ADMIN")
class JobPagesIT {

    private static final Pattern JOB_LOCATION = Pattern.compile("/jobs/(\\d+)");
    private static final Pattern RUN_LOCATION = Pattern.compile("/runs/(\\d+)");

    /** The Boolean fields of {@link JobForm}: the form's checkboxes. */
    private static final String[] CHECKBOXES = {
        "deleteExtraneous",
        "archive",
        "checksum",
        "compress",
        "hardLinks",
        "acls",
        "xattrs",
        "numericIds",
        "partial",
        "enabled",
        "retryOnConnection",
        "retryOnTimeout",
        "checkPeerReachable",
        "checkFailRun",
        "guardEnabled"
    };

    @Autowired
    MockMvc mvc;

    @Autowired
    SyncJobs jobs;

    @Autowired
    RunHistory history;

    @Autowired
    TestPairs testPairs;

    @Autowired
    Scheduler scheduler;

    @TempDir
    Path dir;

    Path primary;
    Path standby;
    Pair pair;

    @BeforeEach
    void pair() throws IOException {
        primary = Files.createDirectories(dir.resolve("primary"));
        standby = Files.createDirectories(dir.resolve("standby"));
        pair = testPairs.localPair(primary, standby);
    }

    @Test
    void everyFieldIsSavedShownOnTheEditFormAndSurvivesARoundTrip() throws Exception {
        Map<String, String> typed = everyField("full-" + pair.id());

        long id = created(typed);

        SyncJob job = jobs.findById(id).orElseThrow();
        assertThat(job.name()).isEqualTo("full-" + pair.id());
        assertThat(job.pairId()).isEqualTo(pair.id());
        assertThat(job.paths()).containsExactly(new JobPath("/data/"), new JobPath("/srv/www/", "/backup/www/"));
        assertThat(job.includeList()).containsExactly("keep.tmp");
        assertThat(job.excludeList()).containsExactly("*.tmp", "lost+found/");
        assertThat(job.deleteExtraneous()).isTrue();
        assertThat(job.options())
                .isEqualTo(new RsyncOptions(
                        true, true, true, true, false, true, true, true, 2048, "--one-file-system\n--max-size=10G"));
        assertThat(job.schedule()).isEqualTo("30 4 1 1 *");
        assertThat(job.timeZone()).isEqualTo("Europe/Berlin");
        assertThat(job.startWindow()).isEqualTo("01:00-05:59");
        assertThat(job.blackouts()).isEqualTo("Sat,Sun 02:00-02:59\n12:00-12:59");
        assertThat(job.missedRuns()).isEqualTo(MissedRuns.RUN_ONCE);
        assertThat(job.enabled()).isTrue();
        assertThat(job.direction()).isEqualTo(Direction.PULL);
        assertThat(job.timeout()).contains(Duration.ofMinutes(120));
        assertThat(job.noOutputTimeout()).contains(Duration.ofMinutes(30));
        assertThat(job.retry()).isEqualTo(new RetryPolicy(2, 30, true, false));
        assertThat(job.checks()).isEqualTo(new Preconditions(true, "/.mounted", true));
        assertThat(job.steps())
                .containsExactly(
                        new JobStep(Phase.CHECK, Side.STANDBY, "pidof cyrus-master", 1, false),
                        new JobStep(Phase.PRE, Side.STANDBY, "systemctl stop 'cyrus imapd'", 0, false),
                        new JobStep(Phase.POST, Side.STANDBY, "systemctl start 'cyrus imapd'", 0, true),
                        new JobStep(Phase.POST, Side.PRIMARY, "logger sync done", 0, false));
        assertThat(job.guard()).isEqualTo(new DeletionGuard(true, 500, 20));
        assertThat(job.monitor()).isEqualTo(new MonitorThresholds(1500 * 60, 2940 * 60));
        assertThat(job.retention()).isEqualTo(new RetentionDays(90, 14));
        assertThat(JobForm.of(job))
                .as("the form read back from the job is the form as typed")
                .isEqualTo(formOf(typed));

        Map<String, String> shown = BrowserForm.fields(page(get("/jobs/{id}/edit", id)), "/jobs/" + id + "/edit");
        Map<String, String> expected = new TreeMap<>(typed);
        expected.remove("acls");
        expected.remove("retryOnTimeout");
        assertThat(withoutMarkers(shown)).isEqualTo(expected);
        assertThat(shown.keySet().stream().filter(name -> name.startsWith("_")))
                .as("a checkbox for each Boolean field, and no other")
                .containsExactlyInAnyOrder(
                        Arrays.stream(CHECKBOXES).map(box -> "_" + box).toArray(String[]::new));
        assertThat(shown)
                .as("an unticked box still sends its marker, so that it stays unticked")
                .containsEntry("_acls", "on")
                .containsEntry("_retryOnTimeout", "on")
                .doesNotContainKeys("acls", "retryOnTimeout");

        mvc.perform(post("/jobs/{id}/edit", id).with(csrf()).params(BrowserForm.params(shown, CHECKBOXES)))
                .andExpect(status().is3xxRedirection());

        SyncJob again = jobs.findById(id).orElseThrow();
        assertThat(JobForm.of(again)).isEqualTo(JobForm.of(job));
        assertThat(again)
                .usingRecursiveComparison()
                .ignoringFields("version", "updatedAt", "scheduleSeenAt")
                .isEqualTo(job);
        assertThat(scheduler.checkExists(JobKey.jobKey(String.valueOf(id), "sync-jobs")))
                .isTrue();
    }

    @Test
    void retentionDaysAreOptionalNameTheDefaultsAndARefusedValueIsShownAgain() throws Exception {
        String blank = page(get("/jobs/new"));
        assertThat(BrowserForm.fields(blank, "/jobs/new"))
                .containsEntry("keepRunsDays", "")
                .containsEntry("keepLogsDays", "");
        assertThat(HtmlUtils.htmlUnescape(blank))
                .contains("Keep runs (days)")
                .contains("Empty: the default, 400 days.")
                .contains("Keep logs (days)")
                .contains("Empty: the default, 60 days.");

        Map<String, String> form = newJobForm("kept-" + pair.id());
        form.put("keepRunsDays", "30");
        form.put("keepLogsDays", "45");
        String refused = mvc.perform(post("/jobs/new").with(csrf()).params(BrowserForm.params(form, CHECKBOXES)))
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(fieldErrors(refused, "keepLogsDays"))
                .containsExactly("Keep logs at most as long as the runs (30 days): a log goes with its run.");
        assertThat(fieldErrors(refused, "keepRunsDays")).isEmpty();
        assertThat(BrowserForm.fields(refused, "/jobs/new"))
                .as("what was typed is there to correct")
                .containsEntry("keepRunsDays", "30")
                .containsEntry("keepLogsDays", "45");

        form.put("keepRunsDays", "");
        form.put("keepLogsDays", "");
        long id = created(form);
        assertThat(jobs.findById(id).orElseThrow().retention()).isEqualTo(RetentionDays.DEFAULTS);

        Map<String, String> shown = BrowserForm.fields(page(get("/jobs/{id}/edit", id)), "/jobs/" + id + "/edit");
        shown.put("keepLogsDays", "7");
        mvc.perform(post("/jobs/{id}/edit", id).with(csrf()).params(BrowserForm.params(shown, CHECKBOXES)))
                .andExpect(status().is3xxRedirection());
        assertThat(jobs.findById(id).orElseThrow().retention()).isEqualTo(new RetentionDays(null, 7));
        assertThat(BrowserForm.fields(page(get("/jobs/{id}/edit", id)), "/jobs/" + id + "/edit"))
                .containsEntry("keepRunsDays", "")
                .containsEntry("keepLogsDays", "7");
    }

    @Test
    void theJobPageShowsTheQuotedCommandLinesAndEverySetting() throws Exception {
        long id = created(everyField("shown-" + pair.id()));

        String html = page(get("/jobs/{id}", id));
        String text = HtmlUtils.htmlUnescape(html);

        String options = "--archive --hard-links --xattrs --numeric-ids --checksum --compress --partial --bwlimit=2048"
                + " --one-file-system --max-size=10G";
        String filters = "--delete --include=keep.tmp '--exclude=*.tmp' --exclude=lost+found/";
        String same = "rsync " + options + " --relative --verbose --stats " + filters + " -- "
                + PosixQuoting.quote(primary + "/./data/") + " " + PosixQuoting.quote(standby + "/");
        String mapped = "rsync " + options + " --mkpath --verbose --stats " + filters + " -- "
                + PosixQuoting.quote(primary + "/srv/www/") + " " + PosixQuoting.quote(standby + "/backup/www/");
        assertThat(element(html, "pre", "job-command")).isEqualTo(same + "\n" + mapped);
        assertThat(text)
                .contains("<code>" + options + "</code>")
                .contains("<code>/data/</code>")
                .contains("<code>/srv/www/ -> /backup/www/</code>")
                .contains("<code>keep.tmp</code>")
                .contains("<code>lost+found/</code>");
        assertThat(squeezed(element(html, "dd", "job-checks")))
                .isEqualTo("the other side answers over ssh marker file /.mounted exists on the primary"
                        + " standby exit=1: pidof cyrus-master (a failed check makes the run FAILED)");
        assertThat(squeezed(element(html, "dd", "job-steps")))
                .isEqualTo("before rsync: standby: systemctl stop 'cyrus imapd' rsync"
                        + " after rsync: always standby: systemctl start 'cyrus imapd'"
                        + " after rsync: primary: logger sync done");
        assertThat(squeezed(element(html, "dd", "job-guard")))
                .isEqualTo("on: a dry run first; BLOCKED when it would delete more than 500 files or more than 20% of"
                        + " the files under a path, or anything under a path whose source is empty");
        assertThat(squeezed(element(html, "dd", "job-retries")))
                .isEqualTo("up to 2 more attempts after a connection failure, the first after 30 s, each further"
                        + " wait doubled");
        assertThat(squeezed(element(html, "dd", "job-time-rules")))
                .startsWith("between 01:00-05:59, except Sat,Sun 02:00-02:59; 12:00-12:59");
        assertThat(text)
                .contains("recorded as MISSED, then run once when syncboard is back")
                .contains("pull: on the standby")
                .contains("time limit 2 h")
                .contains("stopped after 30 min without output")
                .contains("<code>30 4 1 1 *</code> in <span>Europe/Berlin</span>")
                .contains("Next runs");
    }

    static Stream<Arguments> refusedInput() {
        return Stream.of(
                Arguments.of(
                        Map.of("extraArguments", "--delete-after", "_deleteExtraneous", "on"),
                        "extraArguments",
                        "Line 1: --delete-after deletes on the standby; tick \"Delete files on the standby\" as well"),
                Arguments.of(
                        Map.of("paths", "/\n/srv/www/ -> /backup/www/", "deleteExtraneous", "true"),
                        "paths",
                        "Line 2 lands in or around line 1's destination / on the standby"),
                Arguments.of(
                        Map.of("paths", "/srv/www/ -> /", "deleteExtraneous", "true"),
                        "paths",
                        "Line 1: map to a directory below the standby's base path, not to its top."),
                Arguments.of(
                        Map.of("extraArguments", "--rsync-path=evil"),
                        "extraArguments",
                        "Line 1: \"--rsync-path=evil\" is not one of the accepted options"),
                Arguments.of(
                        Map.of("extraArguments", "-e sh"),
                        "extraArguments",
                        "Line 1: \"-e sh\" is not one of the accepted options (see the list below the field)."
                                + " Write options in their long form"),
                Arguments.of(
                        Map.of("extraArguments", "--one-file-system\n--remove-source-files"),
                        "extraArguments",
                        "Line 2: \"--remove-source-files\" is not one of the accepted options"),
                Arguments.of(
                        Map.of("extraArguments", "--max-size=lots"),
                        "extraArguments",
                        "Line 1: --max-size takes a size such as 10G."),
                Arguments.of(
                        Map.of("preSteps", "systemctl stop nginx"),
                        "preSteps",
                        "Line 1: start the line with primary: or standby:"),
                Arguments.of(
                        Map.of("preSteps", "always standby: systemctl stop nginx"),
                        "preSteps",
                        "Line 1: \"always\" is for post-steps only."),
                Arguments.of(
                        Map.of("preSteps", "standby: true\nprimary exit=1: false"),
                        "preSteps",
                        "Line 2: only checks may expect another exit code than 0."),
                Arguments.of(
                        Map.of("checks", "primary: mountpoint -q '/var/spool/cyrus"),
                        "checks",
                        "Line 1: The command has an unterminated ' quote."),
                Arguments.of(
                        Map.of("paths", "/srv/www/ -> /backup/../etc/"),
                        "paths",
                        "Line 1: the destination must not contain '.' or '..' segments."),
                Arguments.of(
                        Map.of("paths", "/srv/www/ -> /backup/www"),
                        "paths",
                        "Line 1: end both sides with / to copy a directory's contents, or neither to copy one file."),
                Arguments.of(
                        Map.of("startWindow", "25:00-26:00"),
                        "startWindow",
                        "\"25:00\" is not a time of day: use 00:00 to 23:59."),
                Arguments.of(
                        Map.of("blackouts", "Mox 08:00-09:00"),
                        "blackouts",
                        "Line 1: Unknown day \"Mox\": use Mon, Tue, Wed, Thu, Fri, Sat or Sun"),
                Arguments.of(
                        Map.of("schedule", "0 3 * * *", "timeZone", "UTC", "startWindow", "04:00-04:59"),
                        "startWindow",
                        "No run of this schedule in the next year falls inside the start window 04:00-04:59;"
                                + " change the schedule or the window."),
                Arguments.of(
                        Map.of(
                                "retryAttempts",
                                "2",
                                "retryDelaySeconds",
                                "30",
                                "_retryOnConnection",
                                "on",
                                "_retryOnTimeout",
                                "on"),
                        "retryAttempts",
                        "Tick at least one reason to retry (connection failure or time limit), or set retries to 0."),
                Arguments.of(
                        Map.of(
                                "deleteExtraneous",
                                "true",
                                "guardEnabled",
                                "true",
                                "guardMaxFiles",
                                "",
                                "guardMaxPercent",
                                ""),
                        "guardMaxFiles",
                        "Give the deletion guard a file limit, a percentage or both; or switch the guard off."),
                Arguments.of(
                        Map.of("keepRunsDays", "0"),
                        "keepRunsDays",
                        "Keep runs at least 1 day, or leave empty for the default."),
                Arguments.of(
                        Map.of("keepRunsDays", "36501"),
                        "keepRunsDays",
                        "Use at most 36500 days (100 years), or leave empty for the default."),
                Arguments.of(Map.of("keepLogsDays", "two weeks"), "keepLogsDays", "Enter a whole number."),
                Arguments.of(
                        Map.of("keepLogsDays", "-3"),
                        "keepLogsDays",
                        "Keep logs at least 1 day, or leave empty for the default."),
                Arguments.of(
                        Map.of("keepRunsDays", "30", "keepLogsDays", "45"),
                        "keepLogsDays",
                        "Keep logs at most as long as the runs (30 days): a log goes with its run."));
    }

    @ParameterizedTest(name = "{1}: {2}")
    @MethodSource("refusedInput")
    void badInputIsAFieldErrorNextToItsFieldAndSavesNothing(Map<String, String> change, String field, String message)
            throws Exception {
        Map<String, String> form = newJobForm("refused-" + pair.id());
        // "_box" in a change unticks the box: the browser then sends the marker alone.
        change.forEach((name, value) -> {
            form.put(name, value);
            if (name.startsWith("_")) {
                form.remove(name.substring(1));
            }
        });
        long before = jobs.count();

        MockHttpServletResponse response = mvc.perform(
                        post("/jobs/new").with(csrf()).params(BrowserForm.params(form, CHECKBOXES)))
                .andReturn()
                .getResponse();

        assertThat(response.getStatus()).isEqualTo(200);
        String html = response.getContentAsString();
        assertThat(HtmlUtils.htmlUnescape(html)).contains("Nothing was saved");
        assertThat(fieldErrors(html, field)).as(html).anyMatch(error -> error.startsWith(message));
        assertThat(jobs.count()).isEqualTo(before);
        assertThat(jobs.findByName("refused-" + pair.id())).isEmpty();
    }

    @Test
    void previewListsWhatWouldBeDeletedCreatedAndUpdatedAndChangesNothing() throws Exception {
        write(primary.resolve("data/new.txt"), "new on the primary\n");
        write(primary.resolve("data/changed.txt"), "the primary's longer version\n");
        write(primary.resolve("data/same.txt"), "same on both\n");
        write(standby.resolve("data/changed.txt"), "old\n");
        write(standby.resolve("data/extra1.txt"), "only on the standby\n");
        write(standby.resolve("data/extra2.txt"), "only on the standby too\n");
        Files.setLastModifiedTime(
                standby.resolve("data/changed.txt"), FileTime.from(Instant.parse("2020-01-01T00:00:00Z")));
        Files.copy(
                primary.resolve("data/same.txt"), standby.resolve("data/same.txt"), StandardCopyOption.COPY_ATTRIBUTES);
        FileTime dirTime = FileTime.from(Instant.parse("2024-05-01T12:00:00Z"));
        Files.setLastModifiedTime(primary.resolve("data"), dirTime);
        Files.setLastModifiedTime(standby.resolve("data"), dirTime);
        Map<String, String> form = newJobForm("preview-" + pair.id());
        form.put("paths", "/data/");
        form.put("deleteExtraneous", "true");
        long id = created(form);
        Map<String, Snapshot> primaryBefore = snapshot(primary);
        Map<String, Snapshot> standbyBefore = snapshot(standby);

        String html = page(post("/jobs/{id}/preview", id).with(csrf()));

        assertThat(squeezed(element(html, "p", "preview-summary")))
                .isEqualTo("1 to create, 1 to update, 2 to delete on the standby.");
        assertThat(listItems(element(html, "ul", "preview-deleted")))
                .containsExactlyInAnyOrder("data/extra1.txt", "data/extra2.txt");
        assertThat(listItems(element(html, "ul", "preview-created"))).containsExactly("data/new.txt");
        assertThat(listItems(element(html, "ul", "preview-updated"))).containsExactly("data/changed.txt");
        assertThat(HtmlUtils.htmlUnescape(html))
                .contains("--dry-run --itemize-changes")
                .doesNotContain("preview-problem");
        assertThat(snapshot(primary)).isEqualTo(primaryBefore);
        assertThat(snapshot(standby)).isEqualTo(standbyBefore);
    }

    @Test
    void aBlockedRunShowsWhatItWouldDeleteAndAnApprovalCarriesItOutOnce() throws Exception {
        Files.createDirectories(primary.resolve("mail"));
        for (int i = 0; i < 20; i++) {
            write(standby.resolve("mail/user" + i), "message " + i + "\n");
        }
        Map<String, String> form = newJobForm("guarded-" + pair.id());
        form.put("paths", "/mail/");
        form.put("deleteExtraneous", "true");
        form.put("guardEnabled", "true");
        form.put("guardMaxFiles", "1000");
        form.put("guardMaxPercent", "10");
        long id = created(form);

        long blockedId = runId(redirect(post("/jobs/{id}/sync", id).with(csrf())));
        Run blocked = awaitEnd(blockedId);

        assertThat(blocked.status()).as(blocked.message()).isEqualTo(RunStatus.BLOCKED);
        String blockedPage = page(get("/runs/{id}", blockedId));
        assertThat(squeezed(element(blockedPage, "dd", "run-status"))).isEqualTo("BLOCKED");
        assertThat(HtmlUtils.htmlUnescape(element(blockedPage, "dd", "run-message")))
                .startsWith("Blocked by the deletion guard: The source of ")
                .contains(" is empty (an unmounted volume?): 20 files under it would be deleted on the standby.");
        assertThat(listItems(element(blockedPage, "ul", "blocked-paths")))
                .hasSize(20)
                .contains("mail/user0", "mail/user19");
        assertThat(blockedPage).contains("id=\"approve-run\"");
        assertThat(fileCount(standby.resolve("mail"))).isEqualTo(20);

        long approvedId = runId(redirect(post("/runs/{id}/approve", blockedId).with(csrf())));
        assertThat(approvedId).isNotEqualTo(blockedId);
        Run carriedOut = awaitEnd(approvedId);

        assertThat(carriedOut.status()).as(carriedOut.message()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(fileCount(standby.resolve("mail"))).isZero();
        String after = page(get("/runs/{id}", blockedId));
        assertThat(squeezed(element(after, "dd", "run-approved")))
                .isEqualTo("by alice, carried out by run #" + approvedId);
        assertThat(after).contains("href=\"/runs/" + approvedId + "\"").doesNotContain("id=\"approve-run\"");
        assertThat(HtmlUtils.htmlUnescape(page(get("/runs/{id}", approvedId)))).contains("approved by alice");

        String again = redirect(post("/runs/{id}/approve", blockedId).with(csrf()));
        assertThat(again).isEqualTo("/runs/" + blockedId);
        assertThat(history.countOfJob(id)).isEqualTo(2);
    }

    @Test
    void aSuccessfulRunsPageShowsRsyncsFigures() throws Exception {
        write(primary.resolve("data/a.bin"), "a".repeat(1000));
        write(primary.resolve("data/b.bin"), "b".repeat(2000));
        write(primary.resolve("data/c.bin"), "c".repeat(500));
        Map<String, String> form = newJobForm("figures-" + pair.id());
        form.put("paths", "/data/");
        long id = created(form);

        long runId = runId(redirect(post("/jobs/{id}/sync", id).with(csrf())));
        Run run = awaitEnd(runId);

        assertThat(run.status()).as(run.message()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(run.stats().filesTransferred()).isEqualTo(3);
        assertThat(run.stats().totalSize()).isEqualTo(3500);
        String html = page(get("/runs/{id}", runId));
        assertThat(element(html, "span", "files-transferred")).isEqualTo("3");
        assertThat(element(html, "span", "files-deleted")).isEqualTo("0");
        assertThat(element(html, "span", "files-total"))
                .isEqualTo(String.valueOf(run.stats().filesTotal()));
        assertThat(squeezed(element(html, "dl", "run-figures"))).contains("3.5 kB in all;");
        assertThat(standby.resolve("data/b.bin")).hasContent("b".repeat(2000));
    }

    @Test
    void pauseAndResumeOnTheJobPageSwitchTheScheduleAndSayWhoPausedIt() throws Exception {
        Map<String, String> form = newJobForm("pause-" + pair.id());
        form.put("enabled", "true");
        form.put("schedule", "0 3 1 1 *");
        long id = created(form);
        JobKey key = JobKey.jobKey(String.valueOf(id), "sync-jobs");
        assertThat(scheduler.checkExists(key)).isTrue();
        assertThat(page(get("/jobs/{id}", id))).contains("id=\"pause-job\"").doesNotContain("id=\"job-paused\"");

        assertThat(redirect(post("/jobs/{id}/pause", id).with(csrf()))).isEqualTo("/jobs/" + id);

        SyncJob paused = jobs.findById(id).orElseThrow();
        assertThat(paused.enabled()).isFalse();
        assertThat(paused.pausedReason()).isEqualTo("Paused by alice.");
        assertThat(scheduler.checkExists(key)).isFalse();
        String pausedPage = page(get("/jobs/{id}", id));
        assertThat(element(pausedPage, "span", "job-paused")).isEqualTo("PAUSED");
        assertThat(pausedPage)
                .contains("Paused by alice.")
                .contains("id=\"resume-job\"")
                .doesNotContain("id=\"pause-job\"")
                .doesNotContain("Next runs");

        assertThat(redirect(post("/jobs/{id}/resume", id).with(csrf()))).isEqualTo("/jobs/" + id);

        SyncJob resumed = jobs.findById(id).orElseThrow();
        assertThat(resumed.enabled()).isTrue();
        assertThat(resumed.pausedReason()).isNull();
        assertThat(scheduler.checkExists(key)).isTrue();
        assertThat(page(get("/jobs/{id}", id)))
                .contains("id=\"pause-job\"")
                .doesNotContain("id=\"job-paused\"")
                .doesNotContain("Paused by alice.")
                .contains("Next runs");
    }

    /** Every field of the form filled, as a browser sends it (unticked boxes only as their "_" marker). */
    private Map<String, String> everyField(String name) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("name", name);
        form.put("pairId", pair.id().toString());
        form.put("paths", "/data/\n/srv/www/ -> /backup/www/");
        form.put("includes", "keep.tmp");
        form.put("excludes", "*.tmp\nlost+found/");
        form.put("deleteExtraneous", "true");
        form.put("archive", "true");
        form.put("checksum", "true");
        form.put("compress", "true");
        form.put("hardLinks", "true");
        form.put("acls", null);
        form.put("xattrs", "true");
        form.put("numericIds", "true");
        form.put("partial", "true");
        form.put("bandwidthLimitKib", "2048");
        form.put("extraArguments", "--one-file-system\n--max-size=10G");
        form.put("schedule", "30 4 1 1 *");
        form.put("timeZone", "Europe/Berlin");
        form.put("startWindow", "01:00-05:59");
        form.put("blackouts", "Sat,Sun 02:00-02:59\n12:00-12:59");
        form.put("missedRuns", "RUN_ONCE");
        form.put("enabled", "true");
        form.put("direction", "PULL");
        form.put("timeoutMinutes", "120");
        form.put("noOutputTimeoutMinutes", "30");
        form.put("retryAttempts", "2");
        form.put("retryDelaySeconds", "30");
        form.put("retryOnConnection", "true");
        form.put("retryOnTimeout", null);
        form.put("checkPeerReachable", "true");
        form.put("sourceMarker", "/.mounted");
        form.put("checks", "standby exit=1: pidof cyrus-master");
        form.put("checkFailRun", "true");
        form.put("preSteps", "standby: systemctl stop 'cyrus imapd'");
        form.put("postSteps", "always standby: systemctl start 'cyrus imapd'\nprimary: logger sync done");
        form.put("guardEnabled", "true");
        form.put("guardMaxFiles", "500");
        form.put("guardMaxPercent", "20");
        form.put("monitorWarningMinutes", "1500");
        form.put("monitorCriticalMinutes", "2940");
        form.put("keepRunsDays", "90");
        form.put("keepLogsDays", "14");
        return form;
    }

    /**
     * The form of the "New job" page as it comes, made valid: a name, this test's pair, the path {@code /} and a
     * schedule that does not fire during a test run. Everything else keeps the page's defaults.
     */
    private Map<String, String> newJobForm(String name) throws Exception {
        Map<String, String> form = new TreeMap<>(BrowserForm.fields(page(get("/jobs/new")), "/jobs/new"));
        form.put("name", name);
        form.put("pairId", pair.id().toString());
        form.put("paths", "/");
        form.put("schedule", "0 3 1 1 *");
        form.put("timeZone", "UTC");
        return form;
    }

    private static JobForm formOf(Map<String, String> typed) {
        return new JobForm(
                typed.get("name"),
                Long.valueOf(typed.get("pairId")),
                typed.get("paths"),
                typed.get("includes"),
                typed.get("excludes"),
                flag(typed, "deleteExtraneous"),
                flag(typed, "archive"),
                flag(typed, "checksum"),
                flag(typed, "compress"),
                flag(typed, "hardLinks"),
                flag(typed, "acls"),
                flag(typed, "xattrs"),
                flag(typed, "numericIds"),
                flag(typed, "partial"),
                Integer.valueOf(typed.get("bandwidthLimitKib")),
                typed.get("extraArguments"),
                typed.get("schedule"),
                typed.get("timeZone"),
                typed.get("startWindow"),
                typed.get("blackouts"),
                MissedRuns.valueOf(typed.get("missedRuns")),
                flag(typed, "enabled"),
                Direction.valueOf(typed.get("direction")),
                Integer.valueOf(typed.get("timeoutMinutes")),
                Integer.valueOf(typed.get("noOutputTimeoutMinutes")),
                Integer.valueOf(typed.get("retryAttempts")),
                Integer.valueOf(typed.get("retryDelaySeconds")),
                flag(typed, "retryOnConnection"),
                flag(typed, "retryOnTimeout"),
                flag(typed, "checkPeerReachable"),
                typed.get("sourceMarker"),
                typed.get("checks"),
                flag(typed, "checkFailRun"),
                typed.get("preSteps"),
                typed.get("postSteps"),
                flag(typed, "guardEnabled"),
                Integer.valueOf(typed.get("guardMaxFiles")),
                Integer.valueOf(typed.get("guardMaxPercent")),
                number(typed, "monitorWarningMinutes"),
                number(typed, "monitorCriticalMinutes"),
                number(typed, "keepRunsDays"),
                number(typed, "keepLogsDays"));
    }

    private static Integer number(Map<String, String> typed, String name) {
        String value = typed.get(name);
        return value == null || value.isEmpty() ? null : Integer.valueOf(value);
    }

    private static Boolean flag(Map<String, String> typed, String name) {
        return "true".equals(typed.get(name));
    }

    private static Map<String, String> withoutMarkers(Map<String, String> fields) {
        Map<String, String> result = new TreeMap<>(fields);
        result.keySet().removeIf(name -> name.startsWith("_"));
        return result;
    }

    private long created(Map<String, String> form) throws Exception {
        String location = redirect(post("/jobs/new").with(csrf()).params(BrowserForm.params(form, CHECKBOXES)));
        Matcher m = JOB_LOCATION.matcher(location);
        assertThat(m.matches()).as(location).isTrue();
        return Long.parseLong(m.group(1));
    }

    private static long runId(String location) {
        Matcher m = RUN_LOCATION.matcher(location);
        assertThat(m.matches()).as(location).isTrue();
        return Long.parseLong(m.group(1));
    }

    private String redirect(MockHttpServletRequestBuilder request) throws Exception {
        MockHttpServletResponse response = mvc.perform(request).andReturn().getResponse();
        assertThat(response.getStatus()).as(response.getContentAsString()).isEqualTo(302);
        return response.getRedirectedUrl();
    }

    private String page(MockHttpServletRequestBuilder request) throws Exception {
        MockHttpServletResponse response = mvc.perform(request).andReturn().getResponse();
        assertThat(response.getStatus()).isEqualTo(200);
        return response.getContentAsString();
    }

    private Run awaitEnd(long runId) {
        await().atMost(Duration.ofSeconds(30))
                .until(() -> !history.find(runId).orElseThrow().isActive());
        return history.find(runId).orElseThrow();
    }

    /** The messages listed under the field {@code name}, in its own field block. */
    private static List<String> fieldErrors(String html, String name) {
        int at = html.indexOf("id=\"" + name + "\"");
        assertThat(at).as("field " + name).isNotNegative();
        int start = html.lastIndexOf("<div class=\"field", at);
        int end = html.indexOf("</div>", at);
        String block = html.substring(start, end);
        int errors = block.indexOf("<ul class=\"errors\">");
        if (errors < 0) {
            return List.of();
        }
        return listItems(block.substring(errors));
    }

    /** The inner HTML of the element with the given id (no nested element of the same tag). */
    private static String element(String html, String tag, String id) {
        Matcher m = Pattern.compile(
                        "<" + tag + "\\b[^>]*\\bid=\"" + Pattern.quote(id) + "\"[^>]*>(.*?)</" + tag + ">",
                        Pattern.DOTALL)
                .matcher(html);
        assertThat(m.find()).as("<" + tag + " id=" + id + "> in\n" + html).isTrue();
        return HtmlUtils.htmlUnescape(m.group(1));
    }

    private static List<String> listItems(String html) {
        Matcher m = Pattern.compile("<li\\b[^>]*>(.*?)</li>", Pattern.DOTALL).matcher(html);
        List<String> items = new ArrayList<>();
        while (m.find()) {
            items.add(squeezed(m.group(1)));
        }
        return items;
    }

    /** Text without tags, white space as single blanks. */
    private static String squeezed(String html) {
        return HtmlUtils.htmlUnescape(html.replaceAll("<[^>]*>", ""))
                .replaceAll("\\s+", " ")
                .strip();
    }

    private static void write(Path file, String content) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }

    private static long fileCount(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.count();
        }
    }

    private record Snapshot(String content, FileTime modified) {}

    /** Every file and directory under {@code root}: contents and modification times. */
    private static Map<String, Snapshot> snapshot(Path root) throws IOException {
        Map<String, Snapshot> all = new TreeMap<>();
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.toList()) {
                String content =
                        Files.isDirectory(path) ? "<dir>" : HexFormat.of().formatHex(Files.readAllBytes(path));
                all.put(root.relativize(path).toString(), new Snapshot(content, Files.getLastModifiedTime(path)));
            }
        }
        return all;
    }
}
