package app.syncboard.security;

import app.syncboard.audit.AuditEvent;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.authentication.SimpleUrlAuthenticationFailureHandler;

/**
 * After a failed sign-in, redirects to the login page (like the default) and keeps the user name typed, for the
 * login page to fill it in again. Never the password. A sign-in through the directory that cannot go on
 * ({@link DirectorySignInFailed}: no group with a role, the directory unreachable...) is written to the audit log
 * here, and the login page says why.
 */
class LoginFailureHandler extends SimpleUrlAuthenticationFailureHandler {

    /** Session attribute holding the user name of the last failed sign-in; {@link LoginController} takes it. */
    static final String LAST_USERNAME = LoginFailureHandler.class.getName() + ".LAST_USERNAME";

    /** Session attribute holding why a sign-in through the directory did not work; {@link LoginController} takes it. */
    static final String PROBLEM = LoginFailureHandler.class.getName() + ".PROBLEM";

    /** Longer than any user name (the column holds 50), short enough not to store whatever is posted. */
    static final int MAX_LENGTH = 100;

    private final ApplicationEventPublisher events;

    /**
     * A user name as typed into the login form, as the sign-in reads it (trimmed), without control characters and
     * cut to {@link #MAX_LENGTH}; empty for none. Shown back in the form, counted by the throttle, written to the
     * audit log.
     */
    static String typedName(String typed) {
        if (typed == null) {
            return "";
        }
        String name = typed.replaceAll("\\p{Cntrl}", "").trim();
        return name.length() > MAX_LENGTH ? name.substring(0, MAX_LENGTH) : name;
    }

    LoginFailureHandler(ApplicationEventPublisher events) {
        super(SecurityConfig.LOGIN + "?error");
        this.events = events;
    }

    @Override
    public void onAuthenticationFailure(
            HttpServletRequest request, HttpServletResponse response, AuthenticationException exception)
            throws IOException, ServletException {
        String username = typedName(request.getParameter("username"));
        if (!username.isEmpty()) {
            request.getSession().setAttribute(LAST_USERNAME, username);
        }
        if (exception instanceof DirectorySignInFailed failed) {
            String who = failed.username() == null ? username : typedName(failed.username());
            events.publishEvent(new AuditEvent(
                    who.isEmpty() ? "(no user name)" : who,
                    request.getRemoteAddr(),
                    "login.failure",
                    new AuditEvent.Target("user", null, who.isEmpty() ? null : who),
                    failed.outcome(),
                    failed.reason(),
                    null));
            request.getSession().setAttribute(PROBLEM, failed.getMessage());
            getRedirectStrategy().sendRedirect(request, response, SecurityConfig.LOGIN + "?problem");
            return;
        }
        super.onAuthenticationFailure(request, response, exception);
    }
}
