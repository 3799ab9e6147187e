package app.syncboard.runs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import app.syncboard.SyncboardTest;
import app.syncboard.TestPairs;
import app.syncboard.hosts.Host;
import app.syncboard.hosts.Pair;
import app.syncboard.hosts.Pairs;
import app.syncboard.jobs.CronSchedule;
import app.syncboard.jobs.DeletionGuard;
import app.syncboard.jobs.JobCatalog;
import app.syncboard.jobs.JobDefinition;
import app.syncboard.jobs.JobStep;
import app.syncboard.jobs.JobStep.Phase;
import app.syncboard.jobs.JobStep.Side;
import app.syncboard.jobs.Preconditions;
import app.syncboard.jobs.RetryPolicy;
import app.syncboard.jobs.RsyncOptions;
import app.syncboard.jobs.SyncJob;
import app.syncboard.jobs.SyncJob.JobPath;
import app.syncboard.sshtest.SshTestServer;
import app.syncboard.sshtest.TestKeys;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;

/** What a job does around and with rsync, with the real rsync on a local pair (and one unreachable SSH host). */
@SyncboardTest
class JobOptionsIT {

    @Autowired
    RunLauncher launcher;

    @Autowired
    RunHistory history;

    @Autowired
    RunLogs logs;

    @Autowired
    BlockedPaths blockedPaths;

    @Autowired
    TestPairs testPairs;

    @Autowired
    Pairs pairs;

    @Autowired
    JobCatalog catalog;

    @TempDir
    Path dir;

    Path primary;
    Path standby;
    Pair pair;

    @BeforeEach
    void directories() throws IOException {
        primary = Files.createDirectories(dir.resolve("primary"));
        standby = Files.createDirectories(dir.resolve("standby"));
        pair = testPairs.localPair(primary, standby);
    }

    @Test
    void mappedPathsIncludesAndOptionsDecideWhatLandsWhereAndRsyncsFiguresAreRecorded() throws IOException {
        write(primary.resolve("home/alice/notes.txt"), "hello\n");
        write(primary.resolve("home/alice/cache.tmp"), "scratch\n");
        write(primary.resolve("home/alice/keep.tmp"), "wanted\n");
        write(primary.resolve("etc/passwd"), "root:x:0:0\n");
        write(primary.resolve("srv/www/index.html"), "<h1>hi</h1>\n");
        JobDefinition definition = definition(List.of(
                        new JobPath("/home/"),
                        new JobPath("/etc/passwd"),
                        new JobPath("/srv/www/", "/backup/www-primary/")))
                .withOptions(
                        new RsyncOptions(true, true, false, true, false, false, true, true, 5000, "--one-file-system"));
        definition = new JobDefinition(
                definition.name(),
                definition.pairId(),
                definition.paths(),
                List.of("keep.tmp"),
                List.of("*.tmp"),
                false,
                definition.options(),
                definition.schedule(),
                null,
                null,
                true,
                null,
                null,
                null,
                null,
                null,
                List.of(),
                null,
                null,
                null);
        SyncJob job = catalog.create(definition);

        Run run = runToEnd(job);

        assertThat(run.status()).as(run.message()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(standby.resolve("home/alice/notes.txt")).hasContent("hello");
        assertThat(standby.resolve("home/alice/keep.tmp"))
                .as("an include wins over a wider exclude")
                .exists();
        assertThat(standby.resolve("home/alice/cache.tmp")).doesNotExist();
        assertThat(standby.resolve("etc/passwd")).hasContent("root:x:0:0");
        assertThat(standby.resolve("backup/www-primary/index.html")).hasContent("<h1>hi</h1>");
        assertThat(standby.resolve("srv")).doesNotExist();
        assertThat(run.commandLine())
                .contains("--archive --hard-links --numeric-ids --checksum --partial --bwlimit=5000 --one-file-system")
                .contains("--include=keep.tmp '--exclude=*.tmp'")
                .contains("--mkpath");
        RsyncStats stats = run.stats();
        assertThat(stats).isNotNull();
        assertThat(stats.filesTransferred())
                .as("notes, keep.tmp, passwd, index.html")
                .isEqualTo(4);
        assertThat(stats.totalSize()).isEqualTo(6 + 7 + 11 + 12);
        assertThat(stats.filesDeleted()).isZero();
        assertThat(stats.bytesSent()).isPositive();
    }

    @Test
    void aMissingMarkerFileSkipsTheRunWithTheReasonAndChangesNothing() throws IOException {
        write(primary.resolve("data/file"), "x\n");
        SyncJob job = catalog.create(definition(List.of(new JobPath("/data/")))
                .withChecks(new Preconditions(false, "/.mounted", false), List.of()));

        Run skipped = runToEnd(job);

        assertThat(skipped.status()).isEqualTo(RunStatus.SKIPPED);
        assertThat(skipped.message())
                .contains("Precondition failed: the marker file " + primary + "/.mounted does not exist")
                .contains("Nothing was changed");
        assertThat(standby.resolve("data")).doesNotExist();

        write(primary.resolve(".mounted"), "");
        assertThat(runToEnd(job).status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(standby.resolve("data/file")).exists();
    }

    @Test
    void checkCommandsCompareTheExitCodeAndCanMakeTheRunFail() throws IOException {
        write(primary.resolve("data/file"), "x\n");
        Path flag = dir.resolve("standby-is-active");
        // "test -e" exits 1 while the flag is absent, which this check expects.
        SyncJob job = catalog.create(definition(List.of(new JobPath("/data/")))
                .withChecks(
                        new Preconditions(false, null, true),
                        List.of(new JobStep(Phase.CHECK, Side.STANDBY, "test -e " + flag, 1, false))));

        assertThat(runToEnd(job).status()).isEqualTo(RunStatus.SUCCEEDED);

        write(flag, "");
        Run failed = runToEnd(job);
        assertThat(failed.status()).isEqualTo(RunStatus.FAILED);
        assertThat(failed.message())
                .startsWith("Precondition failed: check 1 (standby exit=1: test -e " + flag
                        + ") ended with exit code 0, expected 1");
    }

    @Test
    void preStepsRunBeforeRsyncAndAlwaysPostStepsRunEvenWhenRsyncFailed() throws IOException {
        write(primary.resolve("data/file"), "x\n");
        Path marks = Files.createDirectories(dir.resolve("marks"));
        List<JobStep> steps = List.of(
                new JobStep(Phase.PRE, Side.STANDBY, "touch " + marks.resolve("stopped"), 0, false),
                new JobStep(Phase.POST, Side.STANDBY, "touch " + marks.resolve("post"), 0, false),
                new JobStep(Phase.POST, Side.STANDBY, "touch '" + marks.resolve("started again") + "'", 0, true));
        SyncJob failing =
                catalog.create(definition(List.of(new JobPath("/missing/"))).withChecks(Preconditions.NONE, steps));

        Run failed = runToEnd(failing);

        assertThat(failed.status()).isEqualTo(RunStatus.FAILED);
        assertThat(failed.exitCode()).isEqualTo(23);
        assertThat(marks.resolve("stopped")).exists();
        assertThat(marks.resolve("post"))
                .as("an ordinary post-step needs a good run")
                .doesNotExist();
        assertThat(marks.resolve("started again"))
                .as("an 'always' post-step runs all the same")
                .exists();
        String log = logs.text(failed.id()).orElseThrow();
        assertThat(log)
                .contains("$ touch " + marks.resolve("stopped") + "   (pre-step 1, standby)")
                .contains("Post-step 1 skipped: the run did not succeed")
                .contains("$ touch '" + marks.resolve("started again") + "'   (post-step 2, standby)");

        SyncJob good = catalog.create(definition(List.of(new JobPath("/data/"))).withChecks(Preconditions.NONE, steps));
        Files.delete(marks.resolve("started again"));
        assertThat(runToEnd(good).status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(marks.resolve("post")).exists();
        assertThat(marks.resolve("started again")).exists();
    }

    @Test
    void aFailingPreStepStopsTheRunBeforeRsync() throws IOException {
        write(primary.resolve("data/file"), "x\n");
        SyncJob job = catalog.create(definition(List.of(new JobPath("/data/")))
                .withChecks(Preconditions.NONE, List.of(new JobStep(Phase.PRE, Side.PRIMARY, "false", 0, false))));

        Run run = runToEnd(job);

        assertThat(run.status()).isEqualTo(RunStatus.FAILED);
        assertThat(run.message()).isEqualTo("Pre-step 1 (primary: false) ended with exit code 1; rsync was not run.");
        assertThat(standby.resolve("data")).doesNotExist();
    }

    @Test
    void anEmptySourceIsBlockedByTheDeletionGuardAndAnApprovalDeletesOnce() throws IOException {
        for (int i = 0; i < 30; i++) {
            write(standby.resolve("mail/user" + i), "message " + i + "\n");
        }
        Files.createDirectories(primary.resolve("mail"));
        SyncJob job = catalog.create(definition(List.of(new JobPath("/mail/"))).withGuard(DeletionGuard.DEFAULTS));

        Run blocked = runToEnd(job);

        assertThat(blocked.status()).isEqualTo(RunStatus.BLOCKED);
        assertThat(blocked.message())
                .startsWith("Blocked by the deletion guard: The source of /mail/ is empty (an unmounted volume?): 30"
                        + " files under it would be deleted on the standby.");
        try (Stream<Path> left = Files.list(standby.resolve("mail"))) {
            assertThat(left).hasSize(30);
        }
        BlockedPaths.Blocked found = blockedPaths.of(blocked.id()).orElseThrow();
        assertThat(found.deletions()).isEqualTo(30);
        assertThat(found.paths()).hasSize(30).contains("mail/user7");

        Run approved = launcher.approve(blocked.id(), "olivia");
        Run carriedOut = awaitFinished(approved.id());

        assertThat(carriedOut.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(carriedOut.trigger()).isEqualTo(RunTrigger.APPROVAL);
        assertThat(carriedOut.triggerText()).isEqualTo("approved by olivia");
        try (Stream<Path> left = Files.list(standby.resolve("mail"))) {
            assertThat(left).isEmpty();
        }
        Run after = history.find(blocked.id()).orElseThrow();
        assertThat(after.approvedBy()).isEqualTo("olivia");
        assertThat(after.approvedRunId()).isEqualTo(approved.id());
        assertThatThrownBy(() -> launcher.approve(blocked.id(), "olivia"))
                .hasMessageContaining("was approved already by olivia");
    }

    @Test
    void anUnmountedNestedPathIsBlockedEvenBesideAHealthyOne() throws IOException {
        for (int i = 0; i < 50; i++) {
            write(primary.resolve("home/u" + i), "x\n");
            write(standby.resolve("home/u" + i), "x\n");
        }
        for (int i = 0; i < 5; i++) {
            write(standby.resolve("var/spool/cron/crontabs/user" + i), "30 4 * * * true\n");
        }
        Files.createDirectories(primary.resolve("var/spool/cron"));
        SyncJob job = catalog.create(definition(List.of(new JobPath("/home/"), new JobPath("/var/spool/cron/")))
                .withGuard(DeletionGuard.DEFAULTS));

        Run blocked = runToEnd(job);

        assertThat(blocked.status()).isEqualTo(RunStatus.BLOCKED);
        assertThat(blocked.message())
                .startsWith("Blocked by the deletion guard: The source of /var/spool/cron/ is empty (an unmounted"
                        + " volume?): 5 files under it would be deleted on the standby.");
        assertThat(standby.resolve("var/spool/cron/crontabs/user3")).exists();
        assertThat(logs.text(blocked.id()).orElseThrow())
                .contains("Deletion guard, /home/: 50 files on the primary, 0 to create and 0 to delete of 50")
                .contains("Deletion guard, /var/spool/cron/: 0 files on the primary, 0 to create and 5 to delete of 5");
    }

    @Test
    void aPathWithNonAsciiLettersIsJudgedLikeAnyOther() throws IOException {
        for (int i = 0; i < 5; i++) {
            write(standby.resolve("données/é" + i), "x\n");
        }
        Files.createDirectories(primary.resolve("données"));
        SyncJob job =
                catalog.create(definition(List.of(new JobPath("/données/"))).withGuard(DeletionGuard.DEFAULTS));

        Run blocked = runToEnd(job);

        assertThat(blocked.status()).as(blocked.message()).isEqualTo(RunStatus.BLOCKED);
        assertThat(blocked.message()).contains("The source of /données/ is empty");
        assertThat(blockedPaths.of(blocked.id()).orElseThrow().paths()).contains("données/é3");
    }

    @Test
    void filesThatAnOptionSkipsStillCountAsTheSources() throws IOException {
        for (int i = 0; i < 20; i++) {
            write(primary.resolve("d/f" + i), "x\n");
            write(standby.resolve("d/f" + i), "x\n");
        }
        write(standby.resolve("d/gone"), "x\n");
        SyncJob job = catalog.create(definition(List.of(new JobPath("/d/")))
                .withOptions(new RsyncOptions(
                        true, false, false, false, false, false, false, false, null, "--ignore-existing"))
                .withGuard(DeletionGuard.DEFAULTS));

        Run run = runToEnd(job);

        assertThat(run.status()).as(run.message()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(standby.resolve("d/gone")).doesNotExist();
        assertThat(logs.text(run.id()).orElseThrow())
                .contains("Deletion guard, /d/: 20 files on the primary, 0 to create and 1 to delete of 21");
    }

    @Test
    void anApprovalDeletesOnlyWhatWasApproved() throws IOException {
        for (int i = 0; i < 12; i++) {
            write(standby.resolve("mail/user" + i), "m\n");
        }
        Files.createDirectories(primary.resolve("mail"));
        SyncJob job = catalog.create(definition(List.of(new JobPath("/mail/"))).withGuard(DeletionGuard.DEFAULTS));
        Run blocked = runToEnd(job);
        assertThat(blocked.status()).isEqualTo(RunStatus.BLOCKED);

        // Between the block and the approval, another file appears on the standby only.
        write(standby.resolve("mail/late-arrival"), "m\n");
        Run approved = awaitFinished(launcher.approve(blocked.id(), "olivia").id());

        assertThat(approved.status()).isEqualTo(RunStatus.BLOCKED);
        assertThat(approved.message())
                .contains("13 files would be deleted now, more than the 12 approved in run #" + blocked.id());
        try (Stream<Path> left = Files.list(standby.resolve("mail"))) {
            assertThat(left).hasSize(13);
        }
    }

    @Test
    void anApprovalIsRefusedOnceTheJobsCommandsChangedOrItRanAgain() throws IOException {
        for (int i = 0; i < 12; i++) {
            write(standby.resolve("mail/user" + i), "m\n");
        }
        Files.createDirectories(primary.resolve("mail"));
        JobDefinition definition = definition(List.of(new JobPath("/mail/"))).withGuard(DeletionGuard.DEFAULTS);
        SyncJob job = catalog.create(definition);
        Run first = runToEnd(job);
        Run second = runToEnd(job);
        assertThat(second.status()).isEqualTo(RunStatus.BLOCKED);

        assertThatThrownBy(() -> launcher.approve(first.id(), "olivia"))
                .isInstanceOf(RunLauncher.ApprovalRefused.class)
                .hasMessage("Run #" + second.id() + " of this job ran after run #" + first.id()
                        + "; what this run found is out of date.");

        // Pausing is no change to what a run does; a new exclude is.
        SyncJob paused = catalog.pause(job, "looking into it");
        catalog.update(paused, definition.withExcludes(List.of("*.tmp")));
        assertThatThrownBy(() -> launcher.approve(second.id(), "olivia"))
                .hasMessage("The job's commands changed after run #" + second.id()
                        + " was blocked; start it again to see what it would delete now.");
        assertThat(history.find(second.id()).orElseThrow().approvedRunId()).isNull();
    }

    @Test
    void theGuardBlocksTooLargeAShareButLetsOrdinaryDeletionsThrough() throws IOException {
        for (int i = 0; i < 100; i++) {
            write(standby.resolve("d/f" + i), "x\n");
            if (i >= 2) {
                write(primary.resolve("d/f" + i), "x\n");
            }
        }
        SyncJob job = catalog.create(definition(List.of(new JobPath("/d/"))).withGuard(DeletionGuard.DEFAULTS));

        Run ordinary = runToEnd(job);
        assertThat(ordinary.status()).as(ordinary.message()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(ordinary.stats().filesDeleted()).isEqualTo(2);

        for (int i = 2; i < 40; i++) {
            Files.delete(primary.resolve("d/f" + i));
        }
        Run blocked = runToEnd(job);
        assertThat(blocked.status()).isEqualTo(RunStatus.BLOCKED);
        assertThat(blocked.message())
                .contains(
                        "38 of 98 files under /d/ (39%) would be deleted on the standby, more than the limit of 10%.");
        try (Stream<Path> left = Files.list(standby.resolve("d"))) {
            assertThat(left).hasSize(98);
        }
    }

    @Test
    void aConnectionFailureIsRetriedWithBackOffAndEachAttemptIsARunLinkedToTheFirst() throws IOException {
        TestKeys.ClientKey key = TestKeys.ecdsa();
        SshTestServer gone = SshTestServer.start("127.0.0.2", key);
        Host unreachable = testPairs.sshHost(
                gone.address(), gone.port(), System.getProperty("user.name"), key.privateKeyPath(), gone.hostKeyLine());
        gone.close();
        Pair remote = pairs.save(Pair.create(
                "pair-" + UUID.randomUUID(),
                testPairs.localHost().id(),
                primary.toString(),
                unreachable.id(),
                "/srv/standby",
                Instant.now()));
        write(primary.resolve("data/file"), "x\n");
        SyncJob job = catalog.create(new JobDefinition(
                        "retrying-" + UUID.randomUUID(),
                        remote.id(),
                        List.of("/data/"),
                        List.of(),
                        false,
                        CronSchedule.parse("0 3 1 1 *", "UTC"),
                        true)
                .withRetry(new RetryPolicy(2, 1, true, false)));

        Run first = launcher.launch(job.id(), RunTrigger.MANUAL, "alice");

        await().atMost(Duration.ofSeconds(30))
                .until(() -> history.pageOfJob(job.id(), null).stream()
                        .filter(run -> !run.isActive() && run.retryDueAt() == null)
                        .anyMatch(run -> run.attempt() == 3));
        List<Run> attempts = new ArrayList<>(history.pageOfJob(job.id(), null));
        Collections.reverse(attempts);
        assertThat(attempts).extracting(Run::attempt).containsExactly(1, 2, 3);
        assertThat(attempts).extracting(Run::status).containsOnly(RunStatus.FAILED);
        assertThat(attempts.get(0).id()).isEqualTo(first.id());
        assertThat(attempts.get(0).firstRunId()).isNull();
        assertThat(attempts.subList(1, 3)).extracting(Run::firstRunId).containsOnly(first.id());
        assertThat(attempts.subList(1, 3)).extracting(Run::trigger).containsOnly(RunTrigger.RETRY);
        // The second wait is twice the first (1 s, then 2 s).
        assertThat(Duration.between(
                        attempts.get(0).finishedAt(), attempts.get(1).queuedAt()))
                .isGreaterThanOrEqualTo(Duration.ofSeconds(1));
        assertThat(Duration.between(
                        attempts.get(1).finishedAt(), attempts.get(2).queuedAt()))
                .isGreaterThanOrEqualTo(Duration.ofSeconds(2));
        assertThat(logs.text(first.id()).orElseThrow()).contains("Attempt 2 follows at");
    }

    @Test
    void aFailureThatWouldRecurIsNotRetried() throws IOException {
        SyncJob job = catalog.create(
                definition(List.of(new JobPath("/missing/"))).withRetry(new RetryPolicy(3, 1, true, true)));

        Run failed = runToEnd(job);

        assertThat(failed.status()).isEqualTo(RunStatus.FAILED);
        assertThat(failed.exitCode()).isEqualTo(23);
        assertThat(failed.retryDueAt()).isNull();
        assertThat(history.countOfJob(job.id())).isEqualTo(1);
    }

    private JobDefinition definition(List<JobPath> paths) {
        return new JobDefinition(
                        "job-" + UUID.randomUUID(),
                        pair.id(),
                        List.of("/"),
                        List.of(),
                        true,
                        CronSchedule.parse("0 3 1 1 *", "UTC"),
                        true)
                .withPaths(paths)
                .withGuard(TestPairs.NO_GUARD);
    }

    private Run runToEnd(SyncJob job) {
        return awaitFinished(
                launcher.launch(job.id(), RunTrigger.MANUAL, "alice").id());
    }

    private Run awaitFinished(long runId) {
        await().atMost(Duration.ofSeconds(30))
                .until(() -> !history.find(runId).orElseThrow().isActive());
        return history.find(runId).orElseThrow();
    }

    private static void write(Path file, String content) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }
}
