package app.syncboard.notify;

/**
 * One notification as it is sent: a mail's subject and plain text, and a webhook's JSON body.
 *
 * @param alert what it is about; null for a test notice
 */
record Notice(Alert alert, Long jobId, Long runId, String subject, String text, Payload payload) {

    /**
     * A webhook's body. {@code text} repeats the subject line, so that chat webhooks (Slack, Mattermost) show it as
     * it is.
     *
     * @param event an {@link Alert#key()}, or {@code test}
     * @param url the run's page, or the job's (stale), or the failover's
     * @param occurredAt ISO-8601, UTC
     */
    record Payload(
            String event,
            String text,
            String job,
            String pair,
            Long runId,
            String status,
            Integer exitCode,
            String message,
            String url,
            String occurredAt) {}

    /** As the log stores it: the alert's name, or TEST. */
    String event() {
        return alert == null ? "TEST" : alert.name();
    }
}
