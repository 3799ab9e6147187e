package app.syncboard.runbooks;

/**
 * The runbook form: the pair (for a new runbook), the YAML as typed, and for an edit the version that was read, so
 * that a save over someone else's is refused.
 */
record RunbookForm(Long pair, String yaml, Long version) {

    static RunbookForm of(Runbook runbook) {
        return new RunbookForm(runbook.pairId(), runbook.steps(), runbook.version());
    }

    /** The text as typed; never null. */
    public String text() {
        return yaml == null ? "" : yaml;
    }

    /** The text for a textarea: HTML drops a newline right after the opening tag, so a leading one is doubled. */
    public String shown() {
        return text().startsWith("\n") || text().startsWith("\r\n") ? "\n" + text() : text();
    }
}
