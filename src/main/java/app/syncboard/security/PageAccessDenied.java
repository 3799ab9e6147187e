package app.syncboard.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.csrf.CsrfException;

/**
 * A refused page request. A user who must change the password is sent to the password form (htmx loads it as a whole
 * page). Otherwise 403 with the error page, which tells a refusal by role (the request attribute
 * {@link #DENIED_BY_ROLE}) from a missing or stale CSRF token, usually an ended session.
 */
final class PageAccessDenied implements AccessDeniedHandler {

    /** Request attribute for {@code error.html}: the user's role does not allow the request. */
    static final String DENIED_BY_ROLE = "deniedByRole";

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException denied)
            throws IOException {
        Authentication user =
                SecurityContextHolder.getContextHolderStrategy().getContext().getAuthentication();
        boolean csrf = denied instanceof CsrfException;
        if (!csrf && user != null && StoredUser.mustChangePassword(user.getAuthorities())) {
            String form = request.getContextPath() + AccountController.PATH;
            if (request.getHeader(SecurityConfig.HX_REQUEST) != null) {
                response.setHeader(SecurityConfig.HX_REDIRECT, form);
                response.setStatus(HttpStatus.FORBIDDEN.value());
            } else {
                response.sendRedirect(form);
            }
            return;
        }
        if (!csrf) {
            request.setAttribute(DENIED_BY_ROLE, Boolean.TRUE);
        }
        response.sendError(HttpStatus.FORBIDDEN.value());
    }
}
