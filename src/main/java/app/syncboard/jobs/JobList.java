package app.syncboard.jobs;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.context.event.EventListener;
import org.springframework.data.relational.core.mapping.event.AbstractRelationalEvent;
import org.springframework.data.relational.core.mapping.event.AfterDeleteEvent;
import org.springframework.data.relational.core.mapping.event.AfterSaveEvent;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Every job, by name, for the pages and checks that show them all (the dashboard, the last 24 hours, the monitoring
 * answers, the API's list). Loading a job loads its paths, patterns and steps, several queries a job, so the list
 * is kept: dropped whenever a job is saved or deleted in this process, and read again after {@link #FRESH} at the
 * latest (for changes made elsewhere). Jobs are values; nobody changes the list.
 */
@Component
public class JobList {

    static final Duration FRESH = Duration.ofSeconds(10);

    private final SyncJobs jobs;
    private final Clock clock;
    private final AtomicLong changes = new AtomicLong();
    private volatile Snapshot snapshot;

    JobList(SyncJobs jobs, Clock clock) {
        this.jobs = jobs;
        this.clock = clock;
    }

    public List<SyncJob> byName() {
        Instant now = clock.instant();
        Snapshot current = snapshot;
        if (current != null && current.changes == changes.get() && now.isBefore(current.takenAt.plus(FRESH))) {
            return current.jobs;
        }
        long seen = changes.get();
        List<SyncJob> all = List.copyOf(jobs.findAllByOrderByName());
        if (changes.get() == seen) {
            // Not kept when a job changed while it was read: the next call reads again.
            snapshot = new Snapshot(all, now, seen);
        }
        return all;
    }

    @EventListener
    void changed(AbstractRelationalEvent<?> event) {
        // Saved or deleted; not merely read (reading sends events too).
        if (event.getType() == SyncJob.class
                && (event instanceof AfterSaveEvent || event instanceof AfterDeleteEvent)) {
            changes.incrementAndGet();
            // Again once committed: a read between the save and the commit saw the old rows.
            if (TransactionSynchronizationManager.isSynchronizationActive()) {
                TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                    @Override
                    public void afterCompletion(int status) {
                        changes.incrementAndGet();
                    }
                });
            }
        }
    }

    private record Snapshot(List<SyncJob> jobs, Instant takenAt, long changes) {}
}
