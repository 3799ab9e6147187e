package app.syncboard.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates an API request by its {@code Authorization: Bearer} header (RFC 6750), and by nothing else: a
 * request without one goes on unauthenticated, so that the rules send 401. A token in the query string is refused
 * with 400, whether or not the header is there too. A token in a form body is not looked for.
 *
 * <p>Not a bean on purpose: Spring Boot would register a bean filter for every request, outside the API chain.
 */
final class BearerTokenFilter extends OncePerRequestFilter {

    private static final String SCHEME = "Bearer";
    private static final Set<String> QUERY_PARAMETERS = Set.of("access_token", "token");

    private final ApiTokens tokens;
    private final ApiProblems problems;
    private final SecurityContextHolderStrategy contexts = SecurityContextHolder.getContextHolderStrategy();

    BearerTokenFilter(ApiTokens tokens, ApiProblems problems) {
        this.tokens = tokens;
        this.problems = problems;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (tokenInQueryString(request.getQueryString())) {
            problems.tokenInQueryString(request, response);
            return;
        }
        Optional<String> token = bearerToken(request.getHeader(HttpHeaders.AUTHORIZATION));
        if (token.isPresent()) {
            Optional<ApiTokenPrincipal> principal = tokens.authenticate(token.get());
            if (principal.isEmpty()) {
                problems.unauthorized(request, response, new BadCredentialsException("Unknown or revoked token"));
                return;
            }
            SecurityContext context = contexts.createEmptyContext();
            context.setAuthentication(new ApiTokenAuthentication(principal.get()));
            contexts.setContext(context);
        }
        chain.doFilter(request, response);
    }

    /** The credentials of a {@code Bearer} header (the scheme is case-insensitive); empty for any other header. */
    static Optional<String> bearerToken(String header) {
        if (header == null
                || header.length() < SCHEME.length()
                || !header.regionMatches(true, 0, SCHEME, 0, SCHEME.length())
                || (header.length() > SCHEME.length() && header.charAt(SCHEME.length()) != ' ')) {
            return Optional.empty();
        }
        return Optional.of(header.substring(SCHEME.length()).strip());
    }

    static boolean tokenInQueryString(String query) {
        if (query == null || query.isEmpty()) {
            return false;
        }
        return Arrays.stream(query.split("&"))
                .map(pair -> pair.split("=", 2)[0])
                .map(BearerTokenFilter::decoded)
                .anyMatch(name -> QUERY_PARAMETERS.stream().anyMatch(name::equalsIgnoreCase));
    }

    private static String decoded(String name) {
        try {
            return URLDecoder.decode(name, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException malformed) {
            // Tomcat skips a parameter whose name does not decode either: nothing reads it as a token
            return name;
        }
    }
}
