package app.syncboard.notify;

import app.syncboard.hosts.Pair;
import app.syncboard.hosts.Pairs;
import app.syncboard.jobs.SyncJob;
import app.syncboard.jobs.SyncJobs;
import app.syncboard.runs.Run;
import app.syncboard.runs.RunFinished;
import app.syncboard.runs.RunHistory;
import app.syncboard.runs.RunStatus;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.event.EventListener;
import org.springframework.core.task.TaskRejectedException;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.stereotype.Component;

/**
 * Decides what is worth telling and to whom: a run that failed on its last attempt or refused to copy over a
 * standby whose role marker says primary, the first success after a problem that was sent, a run refused because one
 * was going, a run the deletion guard blocked, a stale job, a failover. The same condition of the same job is held
 * back for {@code syncboard.notify.repeat-after}.
 *
 * <p>{@link RunFinished} is published after the run's transaction committed; the decisions are taken one at a time,
 * in order, on a thread of their own, so that neither a slow database nor an error here touches the run.
 */
@Component
class Notifier implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(Notifier.class);
    private static final DateTimeFormatter UTC =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);
    /** How {@code RunLauncher} words a run refused because another is going (on the job, or on its pair). */
    static final String OVERLAP_MESSAGE = "Already running since ";
    /**
     * How {@code SplitBrainCheck} words a run refused because the standby's role marker says primary: skipped like a
     * paused pair's runs, but a split brain someone must resolve, so it is sent as a failure.
     */
    static final String ROLE_CONFLICT_MESSAGE = "Role conflict: ";

    private final Targets targets;
    private final AlertLedger ledger;
    private final NotificationLog journal;
    private final Notices notices;
    private final Deliveries deliveries;
    private final SyncJobs jobs;
    private final Pairs pairs;
    private final RunHistory history;
    private final NotifySettings settings;
    private final Clock clock;
    private final ThreadPoolTaskExecutor decisions = new ThreadPoolTaskExecutor();

    Notifier(
            Targets targets,
            AlertLedger ledger,
            NotificationLog journal,
            Notices notices,
            Deliveries deliveries,
            SyncJobs jobs,
            Pairs pairs,
            RunHistory history,
            NotifySettings settings,
            Clock clock) {
        this.targets = targets;
        this.ledger = ledger;
        this.journal = journal;
        this.notices = notices;
        this.deliveries = deliveries;
        this.jobs = jobs;
        this.pairs = pairs;
        this.history = history;
        this.settings = settings;
        this.clock = clock;
        decisions.setThreadNamePrefix("notify-");
        decisions.setCorePoolSize(1);
        decisions.setMaxPoolSize(1);
        decisions.setQueueCapacity(10_000);
        decisions.setWaitForTasksToCompleteOnShutdown(true);
        decisions.setAwaitTerminationSeconds(5);
        decisions.initialize();
    }

    @EventListener
    void on(RunFinished finished) {
        later("run #" + finished.run().id(), () -> runFinished(finished.run()));
    }

    @EventListener
    void on(FailoverNotice notice) {
        later("failover of pair #" + notice.pairId(), () -> failover(notice));
    }

    void runFinished(Run run) {
        Alert alert;
        if (run.status() == RunStatus.SUCCEEDED) {
            if (!ledger.clearProblems(run.jobId())) {
                return;
            }
            alert = Alert.RECOVERED;
        } else {
            Optional<Alert> problem = problemOf(run);
            if (problem.isEmpty()) {
                return;
            }
            alert = problem.get();
        }
        Optional<SyncJob> job = jobs.findById(run.jobId());
        if (job.isEmpty()) {
            return;
        }
        List<Target> to = recipients(targets.enabledForJob(run.jobId()), alert);
        if (to.isEmpty()) {
            return;
        }
        Pair pair = pairs.findById(job.get().pairId()).orElseThrow();
        Notice notice = notices.ofRun(
                alert,
                job.get(),
                pair,
                run,
                history.lastSuccessOfJob(run.jobId()).orElse(null));
        Instant now = clock.instant();
        if (alert.repeatsHeldBack() && !ledger.claim(run.jobId(), alert, now, settings.repeatAfter())) {
            journal.record(notice, null, NotificationLog.Outcome.SUPPRESSED, heldBack(run.jobId(), alert), now);
            return;
        }
        deliveries.sendLater(notice, to);
    }

    /**
     * What an ended run that did not succeed is worth telling; nothing for a failed attempt that is retried, a
     * cancelled run or one skipped for another reason than an overlap or a role conflict (a paused pair, the start
     * window, a precondition).
     */
    static Optional<Alert> problemOf(Run run) {
        return switch (run.status()) {
            case FAILED, TIMED_OUT, INTERRUPTED ->
                run.retryDueAt() == null ? Optional.of(Alert.FAILED) : Optional.empty();
            case BLOCKED -> Optional.of(Alert.BLOCKED);
            case SKIPPED -> skippedProblem(run.message());
            default -> Optional.empty();
        };
    }

    private static Optional<Alert> skippedProblem(String message) {
        if (message == null) {
            return Optional.empty();
        }
        if (message.startsWith(OVERLAP_MESSAGE)) {
            return Optional.of(Alert.OVERLAP);
        }
        return message.startsWith(ROLE_CONFLICT_MESSAGE) ? Optional.of(Alert.FAILED) : Optional.empty();
    }

    /** Sends STALE for each job not told so within the repeat period. */
    void stale(List<StaleJobs.Stale> stale, Instant now) {
        for (StaleJobs.Stale job : stale) {
            List<Target> to = recipients(targets.enabledForJob(job.job().id()), Alert.STALE);
            if (!to.isEmpty() && ledger.claim(job.job().id(), Alert.STALE, now, settings.repeatAfter())) {
                deliveries.sendLater(notices.stale(job, now), to);
            }
        }
    }

    void failover(FailoverNotice notice) {
        // A runbook's notification step goes to those told when a failover begins.
        Alert alert =
                notice.stage() == FailoverNotice.Stage.FINISHED ? Alert.FAILOVER_FINISHED : Alert.FAILOVER_STARTED;
        List<Target> to = recipients(targets.enabledForPair(notice.pairId()), alert);
        if (!to.isEmpty()) {
            deliveries.sendLater(
                    notices.failover(notice, pairs.findById(notice.pairId()).orElse(null)), to);
        }
    }

    /** The targets that take {@code alert}, each destination once (a global and a job's target may share one). */
    private static List<Target> recipients(List<Target> candidates, Alert alert) {
        Map<String, Target> byDestination = new LinkedHashMap<>();
        candidates.stream().filter(t -> t.wants(alert)).forEach(t -> byDestination.putIfAbsent(t.destination(), t));
        return List.copyOf(byDestination.values());
    }

    private String heldBack(long jobId, Alert alert) {
        return ledger.lastSent(jobId, alert)
                .map(at -> alert.title() + " was sent for this job at " + UTC.format(at) + "; not again before "
                        + UTC.format(at.plus(settings.repeatAfter())) + " unless a successful run comes between.")
                .orElse(alert.title() + " was sent for this job a moment ago.");
    }

    private void later(String what, Runnable decision) {
        try {
            decisions.execute(() -> {
                try {
                    decision.run();
                } catch (RuntimeException e) {
                    log.warn("Could not work out the notifications for {}", what, e);
                }
            });
        } catch (TaskRejectedException e) {
            log.warn("Notifications for {} dropped: too many waiting", what);
        }
    }

    @Override
    public void destroy() {
        decisions.shutdown();
    }
}
