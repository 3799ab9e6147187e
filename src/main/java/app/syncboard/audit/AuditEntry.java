package app.syncboard.audit;

import app.syncboard.audit.AuditEvent.Outcome;
import java.time.Instant;

/** One stored entry of the audit log, as the page and the CSV show it. */
record AuditEntry(
        long id,
        Instant occurredAt,
        String actor,
        String address,
        String action,
        String targetType,
        String targetId,
        String targetName,
        Outcome outcome,
        String reason,
        String details) {

    /** The target in words: {@code job "home" (#3)}, or empty. */
    public String target() {
        if (targetType == null) {
            return "";
        }
        StringBuilder text = new StringBuilder(targetType);
        if (targetName != null) {
            text.append(" \"").append(targetName).append('"');
        }
        if (targetId != null) {
            text.append(" (#").append(targetId).append(')');
        }
        return text.toString();
    }
}
