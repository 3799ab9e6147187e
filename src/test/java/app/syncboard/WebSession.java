package app.syncboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A signed-in browser session over real HTTP, for tests of what MockMvc cannot show (streams, real sockets). */
public final class WebSession {

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"");

    private final HttpClient http;
    private final String base;

    private WebSession(HttpClient http, String base) {
        this.http = http;
        this.base = base;
    }

    /** Signs in through the login form, as a browser does. */
    public static WebSession signIn(int port, String user, String password) throws IOException, InterruptedException {
        HttpClient http =
                HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
        WebSession session = new WebSession(http, "http://127.0.0.1:" + port);
        String form = "username=" + URLEncoder.encode(user, StandardCharsets.UTF_8) + "&password="
                + URLEncoder.encode(password, StandardCharsets.UTF_8) + "&_csrf="
                + session.csrfFrom("/login");
        HttpResponse<String> answer = http.send(
                HttpRequest.newBuilder(URI.create(session.base + "/login"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(form))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(answer.headers().firstValue("Location").orElse(""))
                .as("signed in")
                .doesNotContain("error");
        return session;
    }

    public HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(request(path).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Posts a form as a browser does, with the CSRF token from the page that shows it. */
    public HttpResponse<String> post(String formPage, String path, Map<String, String> fields)
            throws IOException, InterruptedException {
        StringBuilder form = new StringBuilder("_csrf=" + csrfFrom(formPage));
        fields.forEach((name, value) -> form.append('&')
                .append(URLEncoder.encode(name, StandardCharsets.UTF_8))
                .append('=')
                .append(URLEncoder.encode(value, StandardCharsets.UTF_8)));
        return http.send(
                request(path)
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(form.toString()))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    public HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(base + path));
    }

    public HttpClient client() {
        return http;
    }

    private String csrfFrom(String path) throws IOException, InterruptedException {
        Matcher token = CSRF.matcher(get(path).body());
        assertThat(token.find()).as("a CSRF field on " + path).isTrue();
        return URLEncoder.encode(token.group(1), StandardCharsets.UTF_8);
    }
}
