package app.syncboard.notify;

import app.syncboard.hosts.Secrets;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * POSTs a notice's JSON body to a webhook, signed with {@code X-Syncboard-Signature: sha256=<hex HMAC-SHA256 of the
 * body>} when the target has a secret. Redirects are not followed; any answer other than 2xx counts as failed.
 */
@Component
class WebhookDelivery {

    static final Duration TIMEOUT = Duration.ofSeconds(10);
    static final String SIGNATURE = "X-Syncboard-Signature";
    static final String EVENT = "X-Syncboard-Event";
    private static final int MAX_ANSWER = 200;

    private final HttpClient http = HttpClient.newBuilder()
            .connectTimeout(TIMEOUT)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    private final JsonMapper json = JsonMapper.builder().build();
    private final Secrets secrets;

    WebhookDelivery(Secrets secrets) {
        this.secrets = secrets;
    }

    /**
     * @return what the log says about it
     * @throws DeliveryFailed when the receiver could not be reached or did not answer 2xx
     */
    String send(Notice notice, Target target) throws InterruptedException {
        byte[] body = json.writeValueAsBytes(notice.payload());
        URI uri = URI.create(target.address());
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .timeout(TIMEOUT)
                .header("Content-Type", "application/json")
                .header("User-Agent", "syncboard")
                .header(EVENT, notice.payload().event())
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (target.signed()) {
            request.header(SIGNATURE, "sha256=" + hmacSha256(secrets.decrypt(target.secret()), body));
        }
        HttpResponse<String> response;
        try {
            // Only the start of an answer is ever shown: a receiver that answers with megabytes costs no memory.
            response = http.send(
                    request.build(),
                    info -> HttpResponse.BodySubscribers.mapping(
                            HttpResponse.BodySubscribers.ofInputStream(), WebhookDelivery::start));
        } catch (HttpTimeoutException e) {
            throw new DeliveryFailed("No answer within " + TIMEOUT.toSeconds() + " s.");
        } catch (ConnectException e) {
            throw new DeliveryFailed("Could not connect to " + uri.getHost() + ":" + port(uri)
                    + (e.getCause() instanceof UnresolvedAddressException ? " (unknown host)." : "."));
        } catch (IOException e) {
            throw new DeliveryFailed("Could not reach the webhook: " + describe(e));
        }
        int status = response.statusCode();
        if (status < 200 || status > 299) {
            String answer = response.body() == null ? "" : response.body().strip();
            throw new DeliveryFailed("HTTP " + status
                    + (answer.isEmpty()
                            ? ""
                            : ": " + (answer.length() > MAX_ANSWER ? answer.substring(0, MAX_ANSWER) + "…" : answer)));
        }
        return "HTTP " + status;
    }

    /** The first few kilobytes of an answer, as text; the rest is not read. */
    private static String start(java.io.InputStream in) {
        try (in) {
            return new String(in.readNBytes(4096), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    static String hmacSha256(String secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
    }

    private static int port(URI uri) {
        return uri.getPort() != -1 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }

    private static String describe(IOException e) {
        String name = e.getClass().getSimpleName();
        return e.getMessage() == null ? name : name + ": " + e.getMessage();
    }

    /** The webhook did not take the notice; the message says why, for the log and the test button. */
    static final class DeliveryFailed extends RuntimeException {
        DeliveryFailed(String message) {
            super(message);
        }
    }
}
