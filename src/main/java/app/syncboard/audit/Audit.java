package app.syncboard.audit;

import app.syncboard.audit.AuditEvent.Outcome;
import java.util.List;
import java.util.function.Consumer;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;

/**
 * Adds to the entry of the request being handled (a method marked {@link Audited}); outside such a request every
 * method does nothing. Each returns what it was given, so that a call wraps the expression it describes:
 *
 * <pre>{@code
 * Audit.changes(host, editor.update(host, form));
 * redirect.addFlashAttribute("notice", Audit.failed("Not deleted: ..."));
 * }</pre>
 *
 * <p>Records are described by their components (pass records: other objects are not described, as their
 * {@code toString()} may hold anything); components whose names speak of a secret (secret, password, passphrase,
 * private key, hash, credential) only as {@code (set)}, {@code (changed)} or {@code (removed)}, never their value, not
 * even encrypted.
 */
public final class Audit {

    private Audit() {}

    /** A new record: its id and name become the target (unless the path named one), its fields the details. */
    public static <T> T created(T created) {
        note(note -> {
            target(note, created);
            note.details.addAll(Changes.describe(created));
        });
        return created;
    }

    /** An edit: the fields that differ between the two, as {@code field: before → after}. */
    public static <T> T changes(Object before, T after) {
        note(note -> {
            target(note, after);
            List<String> changed = Changes.between(before, after);
            note.details.addAll(changed.isEmpty() ? List.of("nothing changed") : changed);
        });
        return after;
    }

    /** A record about to be deleted, or just deleted: its fields, to know afterwards what was lost. */
    public static <T> T deleted(T deleted) {
        note(note -> {
            target(note, deleted);
            note.details.addAll(Changes.describe(deleted));
        });
        return deleted;
    }

    /** One line of details, such as {@code run #12 queued}; never a secret. */
    public static void detail(String line) {
        note(note -> note.details.add(line));
    }

    /** The target, when neither the path nor a record names it; {@code name} may be null to have it looked up. */
    public static void target(String type, Object id, String name) {
        note(note -> {
            note.targetType = type;
            note.targetId = id == null ? null : String.valueOf(id);
            note.targetName = name;
        });
    }

    /** The action was not done: the entry's outcome is FAILED for this reason (the message the user sees). */
    public static String failed(String reason) {
        note(note -> {
            note.outcome = Outcome.FAILED;
            note.reason = reason;
        });
        return reason;
    }

    /** The action was refused because of who asked: DENIED for this reason. */
    public static String denied(String reason) {
        note(note -> {
            note.outcome = Outcome.DENIED;
            note.reason = reason;
        });
        return reason;
    }

    private static void note(Consumer<AuditNote> change) {
        RequestAttributes request = RequestContextHolder.getRequestAttributes();
        if (request != null
                && request.getAttribute(AuditNote.ATTRIBUTE, RequestAttributes.SCOPE_REQUEST)
                        instanceof AuditNote note) {
            change.accept(note);
        }
    }

    private static void target(AuditNote note, Object record) {
        Changes.component(record, "id").map(String::valueOf).ifPresent(id -> {
            if (note.targetId == null) {
                note.targetId = id;
            }
        });
        if (note.targetName == null) {
            Changes.name(record).ifPresent(name -> note.targetName = name);
        }
    }
}
