package app.syncboard.audit;

import java.util.Optional;

/**
 * Names what an action is done to, for the log (which keeps the name: it outlives the target). Each module implements
 * it for its own target types; the log asks every implementation before a request is handled (so a deleted target is
 * still named) and for entries that came without a name.
 */
public interface AuditTargetNames {

    /** @return the name of the target, or empty when the type is not this module's or there is no such target */
    Optional<String> nameOf(String type, String id);

    /** The id as a number, or empty when it is none (as an id typed into an address may be). */
    static Optional<Long> number(String id) {
        try {
            return Optional.of(Long.parseLong(id));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
