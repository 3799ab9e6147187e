package app.syncboard.security;

import app.syncboard.audit.AuditEvent;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpMethod;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses a sign-in attempt while {@link LoginThrottle} says the user name or the address is locked, before the
 * password is even looked at: the login page says for how long.
 */
class LoginThrottleFilter extends OncePerRequestFilter {

    private static final RequestMatcher SIGN_IN =
            PathPatternRequestMatcher.pathPattern(HttpMethod.POST, SecurityConfig.LOGIN);

    private final LoginThrottle throttle;
    private final ApplicationEventPublisher events;

    LoginThrottleFilter(LoginThrottle throttle, ApplicationEventPublisher events) {
        this.throttle = throttle;
        this.events = events;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !SIGN_IN.matches(request);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        // Trimmed as the sign-in itself trims it: "admin " must count as "admin".
        String username = request.getParameter("username") == null
                ? null
                : request.getParameter("username").trim();
        Duration locked = throttle.lockedFor(username, request.getRemoteAddr());
        if (locked.isZero()) {
            chain.doFilter(request, response);
            return;
        }
        String typed = username == null ? "" : username.replaceAll("\\p{Cntrl}", "");
        if (typed.length() > LoginFailureHandler.MAX_LENGTH) {
            typed = typed.substring(0, LoginFailureHandler.MAX_LENGTH);
        }
        if (!typed.isBlank()) {
            request.getSession().setAttribute(LoginFailureHandler.LAST_USERNAME, typed);
        }
        long minutes = Math.max(1, (locked.toSeconds() + 59) / 60);
        events.publishEvent(new AuditEvent(
                typed.isBlank() ? "(no user name)" : typed,
                request.getRemoteAddr(),
                "login.failure",
                AuditEvent.Target.of("user", typed.isBlank() ? null : typed),
                AuditEvent.Outcome.DENIED,
                "too many failed sign-ins: refused unheard for " + minutes + " min",
                null));
        response.sendRedirect(request.getContextPath() + SecurityConfig.LOGIN + "?locked=" + minutes);
    }
}
