package app.syncboard.notify;

import static org.assertj.core.api.Assertions.assertThat;

import app.syncboard.TestPairs;
import app.syncboard.hosts.Pair;
import app.syncboard.jobs.SyncJob;
import app.syncboard.runs.RunLauncher;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * What notify keeps in the database, as it must hold on every database syncboard supports: the repeat ledger's
 * claims, the targets of a job and of a pair, the log, and what a deleted job takes with it.
 */
abstract class NotificationStoreContract {

    static final Duration SIX_HOURS = Duration.ofHours(6);
    static final Instant T0 = Instant.parse("2026-03-01T03:00:00Z");

    @Autowired
    AlertLedger ledger;

    @Autowired
    NotificationLog journal;

    @Autowired
    Targets targets;

    @Autowired
    TestPairs testPairs;

    @Autowired
    RunLauncher launcher;

    @TempDir
    Path dir;

    Pair pair;

    /** Targets for every job would get the notices of other tests that share the app: none outlives its test. */
    final List<Target> saved = new ArrayList<>();

    @AfterEach
    void removeTargets() {
        saved.forEach(target -> targets.deleteById(target.id()));
    }

    @BeforeEach
    void localPair() throws IOException {
        pair = testPairs.localPair(
                Files.createDirectories(dir.resolve("primary")), Files.createDirectories(dir.resolve("standby")));
    }

    @Test
    void aConditionIsClaimedOncePerRepeatPeriodAndASuccessClearsTheProblemsButNotOverlaps() {
        long job = testPairs.job(pair, List.of("/data/")).id();

        assertThat(ledger.claim(job, Alert.FAILED, T0, SIX_HOURS)).isTrue();
        assertThat(ledger.claim(job, Alert.FAILED, T0.plus(Duration.ofHours(1)), SIX_HOURS))
                .isFalse();
        assertThat(ledger.claim(job, Alert.FAILED, T0.plus(SIX_HOURS).minusSeconds(1), SIX_HOURS))
                .isFalse();
        assertThat(ledger.claim(job, Alert.OVERLAP, T0.plus(Duration.ofHours(1)), SIX_HOURS))
                .as("each condition on its own")
                .isTrue();
        assertThat(ledger.lastSent(job, Alert.FAILED)).contains(T0);

        assertThat(ledger.claim(job, Alert.FAILED, T0.plus(SIX_HOURS), SIX_HOURS))
                .isTrue();
        assertThat(ledger.lastSent(job, Alert.FAILED)).contains(T0.plus(SIX_HOURS));

        assertThat(ledger.clearProblems(job)).isTrue();
        assertThat(ledger.clearProblems(job)).as("nothing left to recover from").isFalse();
        assertThat(ledger.lastSent(job, Alert.FAILED)).isEmpty();
        assertThat(ledger.lastSent(job, Alert.OVERLAP)).isPresent();
        assertThat(ledger.claim(job, Alert.FAILED, T0.plus(SIX_HOURS).plusSeconds(1), SIX_HOURS))
                .isTrue();

        assertThat(ledger.claim(Long.MAX_VALUE, Alert.STALE, T0, SIX_HOURS))
                .as("a job deleted meanwhile")
                .isFalse();
    }

    @Test
    void aJobGetsTheGlobalTargetsAndItsOwnAFailoverThoseOfThePairsJobsAndDeletingAJobTakesItsTargetsAlong()
            throws IOException {
        SyncJob job = testPairs.job(pair, List.of("/data/"));
        Pair otherPair = testPairs.localPair(
                Files.createDirectories(dir.resolve("other-primary")),
                Files.createDirectories(dir.resolve("other-standby")));
        SyncJob other = testPairs.job(otherPair, List.of("/data/"));
        Target global = save(Target.Kind.MAIL, "all@example.org", null);
        Target own = save(Target.Kind.WEBHOOK, "https://hooks.example.org/own", job.id());
        Target others = save(Target.Kind.MAIL, "other@example.org", other.id());
        Target off =
                targets.save(save(Target.Kind.MAIL, "off@example.org", null).withEnabled(false));

        assertThat(targets.enabledForJob(job.id()))
                .extracting(Target::id)
                .contains(global.id(), own.id())
                .doesNotContain(others.id(), off.id());
        assertThat(targets.enabledForPair(pair.id()))
                .extracting(Target::id)
                .contains(global.id(), own.id())
                .doesNotContain(others.id(), off.id());
        assertThat(targets.findById(own.id()).orElseThrow().alerts()).isEqualTo(EnumSet.allOf(Alert.class));

        Notice notice = new Notice(Alert.FAILED, job.id(), 42L, "[syncboard] FAILED: x", "text", null);
        journal.record(notice, own.id(), NotificationLog.Outcome.FAILED, "HTTP 500", T0);
        journal.record(notice, own.id(), NotificationLog.Outcome.SENT, "HTTP 204", T0.plusSeconds(60));
        journal.record(notice, null, NotificationLog.Outcome.SUPPRESSED, "held back", T0.plusSeconds(61));
        assertThat(journal.lastByTarget().get(own.id()).detail()).isEqualTo("HTTP 204");
        assertThat(journal.ofRun(42L))
                .extracting(NotificationLog.Entry::outcome)
                .containsExactly(
                        NotificationLog.Outcome.FAILED,
                        NotificationLog.Outcome.SENT,
                        NotificationLog.Outcome.SUPPRESSED);
        assertThat(journal.ofRun(42L).get(0).occurredAt()).isEqualTo(T0);

        ledger.claim(job.id(), Alert.FAILED, T0, SIX_HOURS);
        assertThat(launcher.deleteJob(job.id())).isEmpty();
        assertThat(targets.findById(own.id())).isEmpty();
        assertThat(targets.findById(global.id())).isPresent();
        assertThat(ledger.lastSent(job.id(), Alert.FAILED)).isEmpty();
        assertThat(journal.ofRun(42L)).as("the log outlives the job").hasSize(3);

        assertThat(journal.deleteBefore(T0.plusSeconds(61))).isEqualTo(2);
        assertThat(journal.ofRun(42L)).hasSize(1);
    }

    private Target save(Target.Kind kind, String address, Long jobId) {
        Target target = targets.save(Target.create(kind, address, jobId, EnumSet.allOf(Alert.class), null, T0));
        saved.add(target);
        return target;
    }
}
