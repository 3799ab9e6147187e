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
        // Read as the sign-in reads it: "admin " must count as "admin".
        String typed = LoginFailureHandler.typedName(request.getParameter("username"));
        Duration locked = throttle.lockedFor(typed, request.getRemoteAddr());
        if (locked.isZero()) {
            chain.doFilter(request, response);
            return;
        }
        if (!typed.isEmpty()) {
            request.getSession().setAttribute(LoginFailureHandler.LAST_USERNAME, typed);
        }
        long minutes = Math.max(1, (locked.toSeconds() + 59) / 60);
        events.publishEvent(new AuditEvent(
                typed.isEmpty() ? "(no user name)" : typed,
                request.getRemoteAddr(),
                "login.failure",
                AuditEvent.Target.of("user", typed.isEmpty() ? null : typed),
                AuditEvent.Outcome.DENIED,
                "too many failed sign-ins: refused unheard for " + minutes + " min",
                null));
        response.sendRedirect(request.getContextPath() + SecurityConfig.LOGIN + "?locked=" + minutes);
    }
}
