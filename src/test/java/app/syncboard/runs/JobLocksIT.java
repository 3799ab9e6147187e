package app.syncboard.runs;

import static org.assertj.core.api.Assertions.assertThat;

import app.syncboard.SyncboardTest;
import app.syncboard.TestPairs;
import app.syncboard.jobs.SyncJob;
import java.nio.file.Path;
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
                .contains(new JobLocks.Holder(first.id(), "node-a", t0));

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
}
