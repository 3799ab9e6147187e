package app.syncboard.audit;

import app.syncboard.audit.AuditEvent.Target;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * Writes entries: those of requests ({@link AuditInterceptor}), of sign-ins and refusals ({@link SecurityAudit}), and
 * the {@link AuditEvent}s other modules publish. Looks up the target's name when the entry has none.
 */
@Component
class AuditRecorder {

    private static final Logger log = LoggerFactory.getLogger(AuditRecorder.class);

    private final AuditEntries entries;
    private final List<AuditTargetNames> names;
    private final Clock clock;

    AuditRecorder(AuditEntries entries, List<AuditTargetNames> names, Clock clock) {
        this.entries = entries;
        this.names = names;
        this.clock = clock;
    }

    @EventListener
    void on(AuditEvent event) {
        AuditEvent complete = event;
        if (event.actor() == null) {
            Authentication current = SecurityContextHolder.getContext().getAuthentication();
            complete = new AuditEvent(
                    current == null || current instanceof AnonymousAuthenticationToken ? null : actorOf(current),
                    event.address() == null ? currentAddress().orElse(null) : event.address(),
                    event.action(),
                    event.target(),
                    event.outcome(),
                    event.reason(),
                    event.details());
        }
        record(complete);
    }

    /**
     * Adds the entry, named. A failure to write is logged, not thrown: the action it records has happened (or been
     * refused) already, and the user or the scheduler must still learn its result.
     */
    void record(AuditEvent event) {
        Target target = event.target();
        if (target != null && target.name() == null && target.id() != null) {
            target = new Target(
                    target.type(),
                    target.id(),
                    nameOf(target.type(), target.id()).orElse(null));
        }
        AuditEvent named = new AuditEvent(
                event.actor(),
                event.address(),
                event.action(),
                target,
                event.outcome(),
                event.reason(),
                event.details());
        try {
            entries.add(clock.instant(), named);
        } catch (RuntimeException e) {
            log.error(
                    "Could not write the audit entry {} by {} ({}) on {}",
                    named.action(),
                    named.actor(),
                    named.outcome(),
                    target,
                    e);
        }
    }

    /** The target's name as the modules know it, if any does; empty also when looking it up failed. */
    Optional<String> nameOf(String type, String id) {
        if (type == null || id == null) {
            return Optional.empty();
        }
        try {
            for (AuditTargetNames source : names) {
                Optional<String> name = source.nameOf(type, id);
                if (name.isPresent()) {
                    return name;
                }
            }
        } catch (RuntimeException e) {
            // The entry goes without the name rather than the action failing for the log's sake.
            log.warn("Could not name the audit target {} #{}", type, id, e);
        }
        return Optional.empty();
    }

    /** How the log names who authenticated: a user's name, {@code token:<name>} for a token. */
    static String actorOf(Authentication authentication) {
        if (authentication.getPrincipal() instanceof AuditActor actor) {
            return actor.auditName();
        }
        return authentication.getName();
    }

    /** The remote address of the request this thread is handling, if any. */
    static Optional<String> currentAddress() {
        return RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes request
                ? Optional.ofNullable(request.getRequest().getRemoteAddr())
                : Optional.empty();
    }
}
