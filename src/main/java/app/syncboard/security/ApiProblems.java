package app.syncboard.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.context.SecurityContextHolder;
import tools.jackson.databind.json.JsonMapper;

/**
 * The API's answers when a request is refused before it reaches a controller: RFC 9457 problem details (as Spring
 * MVC writes them, {@code type} {@code about:blank}), with the {@code WWW-Authenticate} challenge of RFC 6750.
 */
final class ApiProblems {

    static final String HOW_TO_SEND = "Send an API token in the Authorization header: \"Authorization: Bearer sb_...\"."
            + " Tokens are created in syncboard under API tokens.";

    private final JsonMapper json;

    ApiProblems(JsonMapper json) {
        this.json = json;
    }

    /** No token, a token in another scheme, or one that is unknown or revoked. */
    void unauthorized(HttpServletRequest request, HttpServletResponse response, AuthenticationException exception)
            throws IOException {
        if (exception instanceof BadCredentialsException) {
            write(
                    request,
                    response,
                    HttpStatus.UNAUTHORIZED,
                    "The token is unknown or revoked. " + HOW_TO_SEND,
                    "Bearer error=\"invalid_token\", error_description=\"The token is unknown or revoked\"");
        } else {
            write(
                    request,
                    response,
                    HttpStatus.UNAUTHORIZED,
                    "This request needs an API token. " + HOW_TO_SEND,
                    "Bearer");
        }
    }

    void forbidden(HttpServletRequest request, HttpServletResponse response, AccessDeniedException exception)
            throws IOException {
        String granted = SecurityContextHolder.getContext().getAuthentication() instanceof ApiTokenAuthentication token
                ? token.getPrincipal().scopes().stream()
                        .sorted()
                        .map(Scope::value)
                        .collect(Collectors.joining(" "))
                : "none";
        write(
                request,
                response,
                HttpStatus.FORBIDDEN,
                "The token's scopes (" + granted + ") do not allow this request. Reading needs monitoring:read,"
                        + " triggering or cancelling a run runs:trigger, everything else admin.",
                "Bearer error=\"insufficient_scope\"");
    }

    void tokenInQueryString(HttpServletRequest request, HttpServletResponse response) throws IOException {
        write(
                request,
                response,
                HttpStatus.BAD_REQUEST,
                "Tokens in the address are refused: addresses end up in logs and browser histories. " + HOW_TO_SEND
                        + " Revoke a token that was sent in an address.",
                null);
    }

    private void write(
            HttpServletRequest request,
            HttpServletResponse response,
            HttpStatus status,
            String detail,
            String challenge)
            throws IOException {
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", "about:blank");
        problem.put("title", status.getReasonPhrase());
        problem.put("status", status.value());
        problem.put("detail", detail);
        problem.put("instance", request.getRequestURI());
        response.setStatus(status.value());
        if (challenge != null) {
            response.setHeader(HttpHeaders.WWW_AUTHENTICATE, challenge);
        }
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        json.writeValue(response.getOutputStream(), problem);
    }
}
