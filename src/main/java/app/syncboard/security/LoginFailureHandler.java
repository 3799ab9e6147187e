package app.syncboard.security;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.authentication.SimpleUrlAuthenticationFailureHandler;

/**
 * After a failed sign-in, redirects to the login page (like the default) and keeps the user name typed, for the
 * login page to fill it in again. Never the password.
 */
class LoginFailureHandler extends SimpleUrlAuthenticationFailureHandler {

    /** Session attribute holding the user name of the last failed sign-in; {@link LoginController} takes it. */
    static final String LAST_USERNAME = LoginFailureHandler.class.getName() + ".LAST_USERNAME";

    /** Longer than any user name (the column holds 50), short enough not to store whatever is posted. */
    static final int MAX_LENGTH = 100;

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

    LoginFailureHandler(String failureUrl) {
        super(failureUrl);
    }

    @Override
    public void onAuthenticationFailure(
            HttpServletRequest request, HttpServletResponse response, AuthenticationException exception)
            throws IOException, ServletException {
        String username = typedName(request.getParameter("username"));
        if (!username.isEmpty()) {
            request.getSession().setAttribute(LAST_USERNAME, username);
        }
        super.onAuthenticationFailure(request, response, exception);
    }
}
