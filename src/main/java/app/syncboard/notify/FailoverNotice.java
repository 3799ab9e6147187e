package app.syncboard.notify;

import java.time.Instant;

/**
 * Published (as a Spring application event) by the failover module when a failover of a pair begins and when it
 * ends. It goes to the global targets and to the targets of the pair's jobs that take {@code failover-started} or
 * {@code failover-finished}, every time: an operator's action is never held back as a repeat.
 *
 * @param stage whether it began or ended
 * @param pairId the pair whose roles change
 * @param runbook the runbook carried out, by name
 * @param by who started it
 * @param outcome how it ended, in one word ({@code SUCCEEDED}, {@code FAILED}, {@code CANCELLED}); null when it began
 * @param message what happened, in words; may be null
 * @param pagePath the page of this failover in the app ({@code /failover/executions/7}); may be null
 * @param occurredAt when it began or ended
 */
public record FailoverNotice(
        Stage stage,
        long pairId,
        String runbook,
        String by,
        String outcome,
        String message,
        String pagePath,
        Instant occurredAt) {

    public enum Stage {
        STARTED,
        /** A runbook's notification step: {@code message} is what the admin wrote for the people told. */
        NOTE,
        FINISHED
    }

    public static FailoverNotice started(
            long pairId, String runbook, String by, String message, String pagePath, Instant at) {
        return new FailoverNotice(Stage.STARTED, pairId, runbook, by, null, message, pagePath, at);
    }

    public static FailoverNotice finished(
            long pairId, String runbook, String by, String outcome, String message, String pagePath, Instant at) {
        return new FailoverNotice(Stage.FINISHED, pairId, runbook, by, outcome, message, pagePath, at);
    }

    public static FailoverNotice note(
            long pairId, String runbook, String by, String message, String pagePath, Instant at) {
        return new FailoverNotice(Stage.NOTE, pairId, runbook, by, null, message, pagePath, at);
    }
}
