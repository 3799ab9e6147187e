package app.syncboard.bench;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A signed-in user of the app: one HTTP/1.1 client with a cookie store (the session cookie), redirects not followed
 * so that a lost session (a redirect to /login) cannot pass for a page. Each response carries the time from sending
 * the request to having read the whole body, measured here at the client.
 */
final class Session {

    record Response(int status, String body, long nanos, String location) {}

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\"\\s+value=\"([^\"]+)\"");
    private static final Duration TIMEOUT = Duration.ofMinutes(2);

    private final HttpClient http;
    private final URI base;

    private Session(URI base) {
        this.base = base;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .cookieHandler(new CookieManager())
                .build();
    }

    /** Signs in through the login form, with the CSRF token the form carries. */
    static Session signIn(URI base, String user, String password) throws IOException, InterruptedException {
        Session session = new Session(base);
        Response form = session.get("/login");
        Response signedIn =
                session.post("/login", Map.of("username", user, "password", password, "_csrf", csrfToken(form.body())));
        if (signedIn.status() != 302
                || signedIn.location() == null
                || signedIn.location().contains("/login")) {
            throw new IllegalStateException(
                    "Signing in as " + user + " failed: " + signedIn.status() + " to " + signedIn.location());
        }
        return session;
    }

    /** The CSRF token of the first form on a page. */
    static String csrfToken(String page) {
        Matcher token = CSRF.matcher(page);
        if (!token.find()) {
            throw new IllegalStateException("No CSRF token on the page");
        }
        return token.group(1);
    }

    Response get(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(base.resolve(path)).GET());
    }

    Response post(String path, Map<String, String> form) throws IOException, InterruptedException {
        String body = form.entrySet().stream()
                .map(field -> encode(field.getKey()) + "=" + encode(field.getValue()))
                .collect(Collectors.joining("&"));
        return send(HttpRequest.newBuilder(base.resolve(path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    private Response send(HttpRequest.Builder request) throws IOException, InterruptedException {
        HttpRequest built = request.timeout(TIMEOUT).build();
        long start = System.nanoTime();
        HttpResponse<String> response = http.send(built, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        long nanos = System.nanoTime() - start;
        return new Response(
                response.statusCode(),
                response.body(),
                nanos,
                response.headers().firstValue("Location").orElse(null));
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
