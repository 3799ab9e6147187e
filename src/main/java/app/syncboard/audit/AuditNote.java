package app.syncboard.audit;

import app.syncboard.audit.AuditEvent.Outcome;
import java.util.ArrayList;
import java.util.List;

/** What is known so far about the current request's entry; kept as a request attribute by {@link AuditInterceptor}. */
final class AuditNote {

    static final String ATTRIBUTE = AuditNote.class.getName();

    final String action;
    String targetType;
    String targetId;
    String targetName;
    final List<String> details = new ArrayList<>();
    Outcome outcome;
    String reason;
    /** Fields of a form that came back with errors: nothing was saved. */
    final List<String> rejectedFields = new ArrayList<>();

    AuditNote(String action, String targetType, String targetId) {
        this.action = action;
        this.targetType = targetType;
        this.targetId = targetId;
    }
}
