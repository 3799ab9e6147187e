package app.syncboard.security;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.authentication.SavedRequestAwareAuthenticationSuccessHandler;
import org.springframework.security.web.savedrequest.RequestCache;

/**
 * After signing in: records when, then goes to the page asked for before (or the dashboard), unless the password
 * must be changed first. A user of the directory ({@link DirectoryPrincipal}) goes there at once.
 */
final class SignInSuccess extends SavedRequestAwareAuthenticationSuccessHandler {

    private final UserAccounts accounts;

    SignInSuccess(UserAccounts accounts, RequestCache requestCache) {
        this.accounts = accounts;
        setRequestCache(requestCache);
        setDefaultTargetUrl("/");
    }

    @Override
    public void onAuthenticationSuccess(
            HttpServletRequest request, HttpServletResponse response, Authentication authentication)
            throws ServletException, IOException {
        if (authentication.getPrincipal() instanceof DirectoryPrincipal) {
            // Not a syncboard user: nothing of it is stored, and its password is the directory's.
            super.onAuthenticationSuccess(request, response, authentication);
            return;
        }
        accounts.recordSignIn(authentication.getName());
        PasswordStamp.stamp(request, accounts, authentication.getName());
        if (StoredUser.mustChangePassword(authentication.getAuthorities())) {
            clearAuthenticationAttributes(request);
            getRedirectStrategy().sendRedirect(request, response, AccountController.PATH);
            return;
        }
        super.onAuthenticationSuccess(request, response, authentication);
    }
}
