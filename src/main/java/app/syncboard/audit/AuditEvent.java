package app.syncboard.audit;

import java.util.Objects;

/**
 * One entry of the audit log, published as a Spring application event by actions that are not requests: runs the
 * scheduler starts, the steps of a failover. (A request's entry is written for it: see {@link Audited}.) The log adds
 * the time; a null {@code actor} is taken from the current thread's signed-in user, if any.
 *
 * @param actor a user name, {@code token:<name>}, or {@link #SCHEDULER}
 * @param address the remote address the action came from; null when none
 * @param action a stable name such as {@code run.schedule}
 * @param target what it was done to; null when nothing in particular
 * @param reason why it failed or was denied; null on success
 * @param details more, one fact per line; never a secret
 */
public record AuditEvent(
        String actor, String address, String action, Target target, Outcome outcome, String reason, String details) {

    public AuditEvent {
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(outcome, "outcome");
    }

    /** The actor of what the app does by itself: scheduled runs, catch-up runs, retries. */
    public static final String SCHEDULER = "scheduler";

    public enum Outcome {
        SUCCESS,
        /** Refused because of who asked: not signed in for it, no role or scope for it. */
        DENIED,
        /** Asked by someone allowed to, but not done: invalid input, a conflict, an error. */
        FAILED
    }

    /**
     * @param type {@code host}, {@code pair}, {@code job}, {@code run}, {@code notify-target}, {@code token},
     *     {@code user}...
     * @param name null to have it looked up by type and id
     */
    public record Target(String type, String id, String name) {

        public static Target of(String type, Object id) {
            return new Target(type, id == null ? null : String.valueOf(id), null);
        }
    }

    public static AuditEvent byScheduler(String action, Target target, Outcome outcome, String reason, String details) {
        return new AuditEvent(SCHEDULER, null, action, target, outcome, reason, details);
    }
}
