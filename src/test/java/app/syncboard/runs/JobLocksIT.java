package app.syncboard.runs;

import static org.assertj.core.api.Assertions.assertThat;

import app.syncboard.SyncboardTest;
import app.syncboard.TestPairs;
import app.syncboard.jobs.SyncJob;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;

@SyncboardTest
class JobLocksIT {

    @Autowired
    JobLocks locks;

    @Autowired
    Runs runs;

    @Autowired
    RunWorker worker;

    @Autowired
    TestPairs testPairs;

    @TempDir
    Path dir;

    @Test
    void secondRunOfAJobIsRefusedAndToldWhoHoldsTheLock() {
        SyncJob job = testPairs.job(testPairs.localPair(dir.resolve("a"), dir.resolve("b")), List.of("/"));
        Instant t0 = Instant.parse("2026-11-21T04:00:00Z");
        Run first = runs.save(Run.queued(job.id(), RunTrigger.SCHEDULE, "schedule", "node-a", t0));
        Run second = runs.save(Run.queued(job.id(), RunTrigger.MANUAL, "bob", "node-b", t0.plusSeconds(5)));

        assertThat(locks.tryAcquire(job.id(), first.id(), "node-a", t0)).isEmpty();
        assertThat(locks.tryAcquire(job.id(), second.id(), "node-b", t0.plusSeconds(5)))
                .contains(new JobLocks.Holder(first.id(), "node-a", t0, job.id(), job.name()));

        locks.release(job.id(), first.id());
        assertThat(locks.tryAcquire(job.id(), second.id(), "node-b", t0.plusSeconds(6)))
                .isEmpty();
    }

    @Test
    void aLockLeftByAFinishedRunIsTakenOver() {
        SyncJob job = testPairs.job(testPairs.localPair(dir.resolve("a"), dir.resolve("b")), List.of("/"));
        Instant t0 = Instant.parse("2026-11-21T04:00:00Z");
        Run finished = runs.save(Run.queued(job.id(), RunTrigger.SCHEDULE, "schedule", "node-a", t0)
                .started(t0, "rsync")
                .finished(RunStatus.SUCCEEDED, 0, t0.plusSeconds(60), null));
        locks.tryAcquire(job.id(), finished.id(), "node-a", t0);
        Run next = runs.save(Run.queued(job.id(), RunTrigger.MANUAL, "bob", "node-b", t0.plusSeconds(90)));

        assertThat(locks.tryAcquire(job.id(), next.id(), "node-b", t0.plusSeconds(90)))
                .isEmpty();
    }

    @Test
    void theSweepEndsRunsOfThisNodeThatNoWorkerHolds() {
        SyncJob job = testPairs.job(testPairs.localPair(dir.resolve("a"), dir.resolve("b")), List.of("/"));
        Instant longAgo = Instant.now().minus(Duration.ofMinutes(5));
        // What a lost final write leaves: the run RUNNING, its lock held, and no worker on it.
        Run orphan = runs.save(Run.queued(job.id(), RunTrigger.SCHEDULE, "schedule", "test-node", longAgo)
                .started(longAgo, "rsync"));
        locks.tryAcquire(job.id(), orphan.id(), "test-node", longAgo);
        SyncJob other = testPairs.job(testPairs.localPair(dir.resolve("c"), dir.resolve("d")), List.of("/"));
        Run young = runs.save(Run.queued(other.id(), RunTrigger.MANUAL, "bob", "test-node", Instant.now()));

        worker.sweep();

        Run swept = runs.findById(orphan.id()).orElseThrow();
        assertThat(swept.status()).isEqualTo(RunStatus.INTERRUPTED);
        assertThat(swept.message()).isEqualTo(RunWorker.LOST);
        Run next = runs.save(Run.queued(job.id(), RunTrigger.MANUAL, "bob", "test-node", Instant.now()));
        assertThat(locks.tryAcquire(job.id(), next.id(), "test-node", Instant.now()))
                .isEmpty();
        locks.release(job.id(), next.id());
        runs.save(next.finished(RunStatus.FAILED, null, Instant.now(), "test"));
        // A run just inserted may not have reached its worker yet.
        assertThat(runs.findById(young.id()).orElseThrow().status()).isEqualTo(RunStatus.QUEUED);
        runs.save(runs.findById(young.id()).orElseThrow().finished(RunStatus.FAILED, null, Instant.now(), "test"));
    }
}
