package app.syncboard.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.time.Duration;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.web.authentication.logout.SecurityContextLogoutHandler;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Runs every request of a signed-in user with the user as stored now, not as at sign-in: a user who was deleted or
 * disabled meanwhile is signed out, and a changed role, or a password that must be changed, applies from this
 * request on. It costs two lookups by primary key per request.
 *
 * <p>Only principals loaded by {@link SignInUsers} are looked at. Users of the directory ({@link DirectoryPrincipal})
 * are not stored here: they keep the role their groups gave at sign-in until the session ends (a changed group
 * applies at the next sign-in). The API's token principals never reach this filter chain.
 */
final class CurrentUserFilter extends OncePerRequestFilter {

    private final UserAccounts accounts;
    private final SecurityContextRepository contexts;
    private final SecurityContextHolderStrategy holder = SecurityContextHolder.getContextHolderStrategy();

    /** The session attribute holding when a directory user signed in (first seen here), in epoch milliseconds. */
    static final String DIRECTORY_SIGNED_IN = "syncboard.directory-signed-in";

    private final Duration directorySessionMax;

    CurrentUserFilter(UserAccounts accounts, SecurityContextRepository contexts, Duration directorySessionMax) {
        this.accounts = accounts;
        this.contexts = contexts;
        this.directorySessionMax = directorySessionMax;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Authentication signedIn = holder.getContext().getAuthentication();
        if (signedIn instanceof UsernamePasswordAuthenticationToken
                && signedIn.getPrincipal() instanceof StoredUser user) {
            Optional<UserAccount> now = accounts.find(user.getUsername()).filter(UserAccount::enabled);
            if (now.isEmpty()
                    || (!now.get().mustChangePassword()
                            && PasswordStamp.outdated(request, accounts, user.getUsername()))) {
                new SecurityContextLogoutHandler().logout(request, response, signedIn);
            } else {
                StoredUser current = StoredUser.of(now.get(), null);
                if (!current.getAuthorities().equals(user.getAuthorities())) {
                    // What signing in added besides the stored ones (Spring Security's FACTOR_PASSWORD) stays.
                    Set<GrantedAuthority> authorities = new HashSet<>(signedIn.getAuthorities());
                    authorities.removeAll(user.getAuthorities());
                    authorities.addAll(current.getAuthorities());
                    UsernamePasswordAuthenticationToken changed =
                            UsernamePasswordAuthenticationToken.authenticated(current, null, authorities);
                    changed.setDetails(signedIn.getDetails());
                    SecurityContext context = holder.createEmptyContext();
                    context.setAuthentication(changed);
                    holder.setContext(context);
                    contexts.saveContext(context, request, response);
                }
            }
        }
        if (signedIn != null && signedIn.getPrincipal() instanceof DirectoryPrincipal) {
            // The directory's groups are read at sign-in only: a session of a directory user ends after a fixed
            // time, so that a removal from a group (or from the directory) applies within it.
            HttpSession session = request.getSession(false);
            if (session != null) {
                Object since = session.getAttribute(DIRECTORY_SIGNED_IN);
                long now = System.currentTimeMillis();
                if (!(since instanceof Long at)) {
                    session.setAttribute(DIRECTORY_SIGNED_IN, now);
                } else if (now - at > directorySessionMax.toMillis()) {
                    new SecurityContextLogoutHandler().logout(request, response, signedIn);
                }
            }
        }
        chain.doFilter(request, response);
    }
}
