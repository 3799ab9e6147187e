package app.syncboard.runs;

import app.syncboard.audit.Audit;
import app.syncboard.audit.AuditEvent;
import app.syncboard.audit.AuditEvent.Outcome;
import org.springframework.context.ApplicationEventPublisher;

/**
 * What the audit log learns of a run being launched. A run someone asked for (Sync now, the API, an approval) adds
 * its number, or why it did not start, to that request's entry. A run the app starts by itself (schedule, catch-up,
 * retry) is an entry of its own by {@link AuditEvent#SCHEDULER}, whoever last edited the job and whatever thread it
 * runs on.
 */
final class RunAudit {

    private RunAudit() {}

    static void launched(Run run, ApplicationEventPublisher events) {
        boolean skipped = run.status() == RunStatus.SKIPPED;
        String reason = skipped ? "Not started: " + run.message() : null;
        String action = switch (run.trigger()) {
            case SCHEDULE -> "run.schedule";
            case CATCH_UP -> "run.catch-up";
            case RETRY -> "run.retry";
            // A runbook's thread is no request: its entry names the person who carries the runbook out.
            case RUNBOOK -> "run.runbook";
            case MANUAL, API, APPROVAL -> null;
        };
        if (action == null) {
            Audit.detail("run #" + run.id() + (skipped ? " skipped" : " queued"));
            if (skipped) {
                Audit.failed(reason);
            }
            return;
        }
        events.publishEvent(new AuditEvent(
                run.trigger() == RunTrigger.RUNBOOK ? run.triggeredBy() : AuditEvent.SCHEDULER,
                null,
                action,
                AuditEvent.Target.of("job", run.jobId()),
                skipped ? Outcome.FAILED : Outcome.SUCCESS,
                reason,
                "run #" + run.id() + (run.attempt() > 1 ? " (attempt " + run.attempt() + ")" : "")));
    }
}
