package app.syncboard.notify;

import static org.assertj.core.api.Assertions.assertThat;

import app.syncboard.hosts.Pair;
import app.syncboard.jobs.CronSchedule;
import app.syncboard.jobs.JobDefinition;
import app.syncboard.jobs.SyncJob;
import app.syncboard.runs.Run;
import app.syncboard.runs.RunStatus;
import app.syncboard.runs.RunTrigger;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class NoticesTest {

    static final Instant AT = Instant.parse("2026-11-21T03:00:00Z");
    static final NotifySettings SETTINGS = new NotifySettings(Duration.ofHours(6), "syncboard@example.org");

    final Notices notices = new Notices("https://syncboard.example.org/", SETTINGS);
    final Pair pair = Pair.create("mail", 1L, "/srv", 1L, "/backup", AT);
    final SyncJob job = SyncJob.create(
            new JobDefinition(
                    "home", 7L, List.of("/home/"), List.of(), false, CronSchedule.parse("@daily", "UTC"), true),
            AT);

    @Test
    void aTimeOutNamesItsStatusAndAFailureWithoutExitCodeItsFirstSentence() {
        Run timedOut = run(
                12L,
                RunStatus.TIMED_OUT,
                null,
                "Stopped: the run went over its time limit of 1 h. Its post-steps ran.");
        assertThat(notices.ofRun(Alert.FAILED, job, pair, timedOut, null).subject())
                .isEqualTo(
                        "[syncboard] TIMED OUT: home on pair mail — Stopped: the run went over its time limit of 1 h.");
        Notice failed = notices.ofRun(Alert.FAILED, job, pair, run(13L, RunStatus.FAILED, 23, "x"), null);
        assertThat(failed.subject()).isEqualTo("[syncboard] FAILED: home on pair mail — rsync exit 23");
        assertThat(failed.payload().url()).isEqualTo("https://syncboard.example.org/runs/13");
        assertThat(failed.text()).doesNotContain("set syncboard.public-url");
    }

    @Test
    void aBlockedRunSaysWhatTheGuardFoundAndLongMessagesAreCut() {
        Run blocked = run(
                14L,
                RunStatus.BLOCKED,
                null,
                "Blocked by the deletion guard: 38 of 98 files under /d/ (39%) would be deleted on the standby,"
                        + " more than the limit of 10%. Nothing was changed; check the list.");
        assertThat(notices.ofRun(Alert.BLOCKED, job, pair, blocked, null).subject())
                .isEqualTo("[syncboard] BLOCKED: home on pair mail — deletion guard: 38 of 98 files under /d/ (39%)"
                        + " would be deleted on the standby, more than the limit of 10%.");
        assertThat(Notices.firstSentence("x".repeat(500))).hasSize(160).endsWith("…");
        assertThat(Notices.firstSentence("first line\nsecond line")).isEqualTo("first line");
    }

    @Test
    void withoutAPublicUrlLinksArePathsAndTheMailSaysHowToChangeThat() {
        Notice notice = new Notices("", SETTINGS)
                .ofRun(Alert.FAILED, job, pair, run(15L, RunStatus.INTERRUPTED, null, "syncboard stopped."), null);
        assertThat(notice.payload().url()).isEqualTo("/runs/15");
        assertThat(notice.text()).contains("set syncboard.public-url");
        assertThat(notice.subject()).startsWith("[syncboard] INTERRUPTED: home");
    }

    @Test
    void aStaleNoticeSaysHowOldTheCopyIsAndWhatTheCriticalAgeIs() {
        Notice stale = notices.stale(
                new StaleJobs.Stale(job, pair, AT.minus(Duration.ofDays(3)), Duration.ofDays(2)),
                AT.plus(Duration.ofHours(5)));
        assertThat(stale.subject()).isEqualTo("[syncboard] STALE: home on pair mail — no successful run for 3 d 5 h");
        assertThat(stale.payload().message())
                .isEqualTo("The newest successful run of the job ended 2026-11-18 03:00:00 UTC, longer ago than its"
                        + " critical age of 2 d.");
        assertThat(stale.payload().event()).isEqualTo("stale");
        assertThat(notices.stale(new StaleJobs.Stale(job, pair, null, Duration.ofDays(2)), AT.plus(Duration.ofDays(3)))
                        .subject())
                .endsWith(" — no successful run yet");
    }

    @Test
    void aFailoverNoticeNamesThePairRunbookAndOutcome() {
        Notice finished = notices.failover(
                FailoverNotice.finished(7L, "promote-standby", "alice", "SUCCEEDED", "done", "/failover/3", AT), pair);
        assertThat(finished.subject())
                .isEqualTo("[syncboard] FAILOVER FINISHED: pair mail — SUCCEEDED (runbook promote-standby)");
        assertThat(finished.payload().event()).isEqualTo("failover-finished");
        assertThat(finished.payload().url()).isEqualTo("https://syncboard.example.org/failover/3");
        assertThat(finished.jobId()).isNull();
    }

    @Test
    void aRetriedFailureIsNotAProblemUntilItsLastAttemptAndOfTheSkippedRunsOnlyAnOverlapOrARoleConflictIs() {
        Run retried = new Run(
                1L,
                3L,
                RunStatus.FAILED,
                RunTrigger.SCHEDULE,
                "schedule",
                "n",
                AT,
                AT,
                AT,
                255,
                "x",
                null,
                null,
                1,
                null,
                AT.plusSeconds(60),
                null,
                null);
        assertThat(Notifier.problemOf(retried)).isEmpty();
        assertThat(Notifier.problemOf(run(2L, RunStatus.FAILED, 255, "x"))).contains(Alert.FAILED);
        assertThat(Notifier.problemOf(run(3L, RunStatus.CANCELLED, null, "Cancelled by alice.")))
                .isEmpty();
        assertThat(Notifier.problemOf(
                        run(4L, RunStatus.SKIPPED, null, "Already running since 2026-01-01 03:00:00 UTC (run #1).")))
                .contains(Alert.OVERLAP);
        assertThat(Notifier.problemOf(run(5L, RunStatus.SKIPPED, null, "The pair mail is paused: failover")))
                .isEmpty();
        // A standby whose role marker says primary: a split brain someone must resolve, sent as a failure.
        Run splitBrain = run(
                8L,
                RunStatus.SKIPPED,
                null,
                "Role conflict: the standby's role marker /var/lib/syncboard/role says primary (on db-b; the"
                        + " primary's says standby): refusing to copy over a primary (split brain?). Nothing"
                        + " was copied.");
        assertThat(Notifier.problemOf(splitBrain)).contains(Alert.FAILED);
        assertThat(notices.ofRun(Alert.FAILED, job, pair, splitBrain, null).subject())
                .startsWith("[syncboard] SKIPPED: home on pair mail — Role conflict: the standby's role marker");
        assertThat(Notifier.problemOf(run(6L, RunStatus.BLOCKED, null, "Blocked")))
                .contains(Alert.BLOCKED);
        assertThat(Notifier.problemOf(run(7L, RunStatus.SUCCEEDED, 0, null))).isEmpty();
    }

    private static Run run(long id, RunStatus status, Integer exit, String message) {
        return new Run(
                id,
                3L,
                status,
                RunTrigger.SCHEDULE,
                "schedule",
                "node-a",
                AT,
                AT,
                AT.plusSeconds(5),
                exit,
                message,
                null);
    }
}
