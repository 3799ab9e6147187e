package app.syncboard.notify;

import java.time.Clock;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.core.task.TaskRejectedException;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.stereotype.Component;

/**
 * Sends notices to targets on threads of its own, so that a slow mail server or webhook never holds up a run, and
 * records each outcome in the {@link NotificationLog}. A failed delivery is logged, not retried.
 */
@Component
class Deliveries implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(Deliveries.class);
    private static final int THREADS = 4;
    private static final int QUEUE = 1000;

    /** How a delivery went, in words for the log and the "Send test" button. */
    record Result(boolean sent, String detail) {}

    private final MailDelivery mail;
    private final WebhookDelivery webhooks;
    private final NotificationLog journal;
    private final Clock clock;
    private final ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutor();

    Deliveries(MailDelivery mail, WebhookDelivery webhooks, NotificationLog journal, Clock clock) {
        this.mail = mail;
        this.webhooks = webhooks;
        this.journal = journal;
        this.clock = clock;
        executor.setThreadNamePrefix("notify-send-");
        executor.setCorePoolSize(THREADS);
        executor.setMaxPoolSize(THREADS);
        executor.setQueueCapacity(QUEUE);
        executor.setWaitForTasksToCompleteOnShutdown(true);
        // A delivery gives up after 10 s (webhooks; mail as spring.mail.properties sets it).
        executor.setAwaitTerminationSeconds(15);
        executor.initialize();
    }

    void sendLater(Notice notice, List<Target> targets) {
        for (Target target : targets) {
            try {
                executor.execute(() -> deliver(notice, target));
            } catch (TaskRejectedException e) {
                log.warn("Notice \"{}\" to target {} dropped: too many notices waiting", notice.subject(), target.id());
            }
        }
    }

    /** Sends now, on the caller's thread; records and returns how it went. */
    Result deliver(Notice notice, Target target) {
        Result result;
        try {
            String detail = target.kind() == Target.Kind.MAIL
                    ? mail.send(notice, target.address())
                    : webhooks.send(notice, target);
            result = new Result(true, detail);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            result = new Result(false, "syncboard was stopping.");
        } catch (RuntimeException e) {
            result = new Result(false, e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
            log.warn("Notice \"{}\" to {} failed: {}", notice.subject(), target.address(), result.detail());
        }
        try {
            journal.record(
                    notice,
                    target.id(),
                    result.sent() ? NotificationLog.Outcome.SENT : NotificationLog.Outcome.FAILED,
                    result.detail(),
                    clock.instant());
        } catch (RuntimeException e) {
            log.warn("Could not record the delivery of \"{}\" to target {}", notice.subject(), target.id(), e);
        }
        return result;
    }

    @Override
    public void destroy() {
        executor.shutdown();
    }
}
