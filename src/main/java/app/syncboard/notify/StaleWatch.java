package app.syncboard.notify;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/** Looks for stale jobs every {@code syncboard.notify.stale-check-interval}, whether anything runs or not. */
@Component
class StaleWatch {

    /** How long the notification log keeps its lines. */
    static final Duration KEEP_LOG = Duration.ofDays(30);

    private final StaleJobs staleJobs;
    private final Notifier notifier;
    private final NotificationLog journal;
    private final Clock clock;

    StaleWatch(StaleJobs staleJobs, Notifier notifier, NotificationLog journal, Clock clock) {
        this.staleJobs = staleJobs;
        this.notifier = notifier;
        this.journal = journal;
        this.clock = clock;
    }

    @Scheduled(
            initialDelayString = "${syncboard.notify.stale-check-interval:PT5M}",
            fixedDelayString = "${syncboard.notify.stale-check-interval:PT5M}")
    void check() {
        Instant now = clock.instant();
        notifier.stale(staleJobs.at(now), now);
        journal.deleteBefore(now.minus(KEEP_LOG));
    }
}
