package app.syncboard.audit;

import app.syncboard.audit.AuditEvent.Outcome;
import app.syncboard.audit.AuditEvent.Target;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;
import org.springframework.context.event.EventListener;
import org.springframework.security.authentication.AccountExpiredException;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.CredentialsExpiredException;
import org.springframework.security.authentication.DisabledException;
import org.springframework.security.authentication.LockedException;
import org.springframework.security.authentication.event.AbstractAuthenticationFailureEvent;
import org.springframework.security.authentication.event.AuthenticationSuccessEvent;
import org.springframework.security.authentication.event.LogoutSuccessEvent;
import org.springframework.security.authorization.event.AuthorizationDeniedEvent;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.web.authentication.WebAuthenticationDetails;
import org.springframework.stereotype.Component;

/**
 * Spring Security's events as entries: sign-ins that worked and failed, sign-outs, and state-changing requests refused
 * for want of a role or scope (these never reach a controller). A failed sign-in records the user name as typed (on
 * one line, at most {@link #MAX_TYPED_NAME} characters) and never the password.
 */
@Component
class SecurityAudit {

    static final int MAX_TYPED_NAME = 100;

    private final AuditRecorder recorder;
    private final AuditActions actions;

    SecurityAudit(AuditRecorder recorder, AuditActions actions) {
        this.recorder = recorder;
        this.actions = actions;
    }

    @EventListener
    void onSuccess(AuthenticationSuccessEvent event) {
        Authentication user = event.getAuthentication();
        String name = AuditRecorder.actorOf(user);
        recorder.record(new AuditEvent(
                name,
                addressOf(user).orElse(null),
                AuditActions.LOGIN_SUCCESS,
                new Target("user", null, name),
                Outcome.SUCCESS,
                null,
                null));
    }

    @EventListener
    void onFailure(AbstractAuthenticationFailureEvent event) {
        Authentication attempt = event.getAuthentication();
        String typed = typedName(attempt.getPrincipal() == null ? null : attempt.getName());
        recorder.record(new AuditEvent(
                typed,
                addressOf(attempt).orElse(null),
                AuditActions.LOGIN_FAILURE,
                new Target("user", null, typed),
                Outcome.FAILED,
                reasonOf(event.getException()),
                null));
    }

    @EventListener
    void onLogout(LogoutSuccessEvent event) {
        Authentication user = event.getAuthentication();
        String name = AuditRecorder.actorOf(user);
        recorder.record(new AuditEvent(
                name,
                addressOf(user).orElse(null),
                AuditActions.LOGOUT,
                new Target("user", null, name),
                Outcome.SUCCESS,
                null,
                null));
    }

    /**
     * A state-changing request that a signed-in user or a token may not make. (Requests without either are sent to
     * sign in, or answered 401: nobody is known to record.) Reads are not recorded, refused or not.
     */
    @EventListener
    void onDenied(AuthorizationDeniedEvent<?> event) {
        if (!(event.getObject() instanceof HttpServletRequest request)
                || !AuditInterceptor.STATE_CHANGING.contains(request.getMethod())) {
            return;
        }
        Authentication who = event.getAuthentication().get();
        if (who == null || who instanceof AnonymousAuthenticationToken || !who.isAuthenticated()) {
            return;
        }
        AuditNote note = actions.noteFor(request).orElseGet(() -> {
            AuditNote unknown = new AuditNote("http." + request.getMethod().toLowerCase(Locale.ROOT), null, null);
            unknown.details.add("request: " + request.getMethod() + " " + request.getRequestURI());
            return unknown;
        });
        String granted = who.getAuthorities().stream()
                .map(GrantedAuthority::getAuthority)
                .sorted()
                .collect(Collectors.joining(", "));
        recorder.record(new AuditEvent(
                AuditRecorder.actorOf(who),
                request.getRemoteAddr(),
                note.action,
                note.targetType == null && note.targetId == null
                        ? null
                        : new Target(note.targetType, note.targetId, null),
                Outcome.DENIED,
                "Not allowed with " + (granted.isEmpty() ? "no authorities" : granted) + ".",
                note.details.isEmpty() ? null : String.join("\n", note.details)));
    }

    /**
     * The user name as typed, made harmless: control characters (line breaks too) become spaces, invisible
     * formatting characters (such as a right-to-left override) go, and it is cut to {@link #MAX_TYPED_NAME}.
     */
    static String typedName(String typed) {
        if (typed == null) {
            return "(none)";
        }
        StringBuilder clean = new StringBuilder();
        typed.codePoints().forEach(c -> {
            if (Character.isISOControl(c)) {
                clean.append(' ');
            } else if (Character.getType(c) != Character.FORMAT) {
                clean.appendCodePoint(c);
            }
        });
        String name = clean.toString().strip();
        if (name.codePointCount(0, name.length()) > MAX_TYPED_NAME) {
            name = name.substring(0, name.offsetByCodePoints(0, MAX_TYPED_NAME)) + "…";
        }
        return name.isEmpty() ? "(empty)" : name;
    }

    /** Why a sign-in failed, by kind: an exception's message is not written, whatever it holds. */
    static String reasonOf(AuthenticationException exception) {
        if (exception instanceof BadCredentialsException) {
            return "Wrong user name or password.";
        }
        if (exception instanceof DisabledException) {
            return "The user is disabled.";
        }
        if (exception instanceof LockedException) {
            return "The user is locked.";
        }
        if (exception instanceof AccountExpiredException) {
            return "The account has expired.";
        }
        if (exception instanceof CredentialsExpiredException) {
            return "The password has expired.";
        }
        return "Sign-in failed (" + exception.getClass().getSimpleName() + ").";
    }

    private static Optional<String> addressOf(Authentication authentication) {
        if (authentication != null && authentication.getDetails() instanceof WebAuthenticationDetails details) {
            return Optional.ofNullable(details.getRemoteAddress());
        }
        return AuditRecorder.currentAddress();
    }
}
