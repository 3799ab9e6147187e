package app.syncboard.notify;

import app.syncboard.hosts.Secrets;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.springframework.validation.Errors;

/**
 * What an admin types for a notification target. The secret is never filled in again, not even after an error.
 *
 * @param kind {@link #MAIL} or {@link #WEBHOOK}
 * @param jobId one job, or null for all
 * @param events {@link Alert#key()}s
 * @param secret a webhook's HMAC key, optional
 */
record TargetForm(String kind, String address, Long jobId, List<String> events, String secret) {

    static final String MAIL = "mail";
    static final String WEBHOOK = "webhook";
    static final int MIN_SECRET = 16;
    static final int MAX_SECRET = 500;
    static final int MAX_ADDRESS = 2000;
    /** RFC 5321's limit for a whole address. */
    static final int MAX_MAIL_ADDRESS = 254;

    static TargetForm empty() {
        return new TargetForm(
                MAIL, "", null, Arrays.stream(Alert.values()).map(Alert::key).toList(), "");
    }

    Target.Kind targetKind() {
        return WEBHOOK.equals(kind) ? Target.Kind.WEBHOOK : Target.Kind.MAIL;
    }

    Set<Alert> alerts() {
        Set<Alert> alerts = EnumSet.noneOf(Alert.class);
        if (events != null) {
            events.forEach(key -> Alert.of(key).ifPresent(alerts::add));
        }
        return alerts;
    }

    String cleanAddress() {
        return address == null ? "" : address.strip();
    }

    boolean hasSecret() {
        return secret != null && !secret.isEmpty();
    }

    /** @param secretsAvailable whether a secret can be stored (SYNCBOARD_SECRET_KEY is set) */
    void check(Errors errors, boolean secretsAvailable) {
        if (!MAIL.equals(kind) && !WEBHOOK.equals(kind)) {
            errors.rejectValue("kind", "kind", "Choose mail or webhook.");
            return;
        }
        String text = cleanAddress();
        if (MAIL.equals(kind)) {
            problemWithMailAddress(text).ifPresent(p -> errors.rejectValue("address", "mail", p));
            if (hasSecret()) {
                errors.rejectValue("secret", "mail", "Only webhooks are signed; leave this empty for mail.");
            }
        } else {
            problemWithUrl(text).ifPresent(p -> errors.rejectValue("address", "url", p));
            checkSecret(errors, secretsAvailable);
        }
        if (alerts().isEmpty()) {
            errors.rejectValue("events", "none", "Choose at least one event.");
        }
    }

    private void checkSecret(Errors errors, boolean secretsAvailable) {
        if (!hasSecret()) {
            return;
        }
        if (secret.length() < MIN_SECRET) {
            errors.rejectValue("secret", "short", "Use at least " + MIN_SECRET + " characters, or leave it empty.");
        } else if (secret.length() > MAX_SECRET) {
            errors.rejectValue("secret", "long", "Use at most " + MAX_SECRET + " characters.");
        } else if (!secretsAvailable) {
            errors.rejectValue(
                    "secret",
                    "secrets",
                    "A secret is stored encrypted: set SYNCBOARD_SECRET_KEY (at least " + Secrets.MIN_KEY_LENGTH
                            + " characters) in syncboard's environment, or leave it empty.");
        }
    }

    static Optional<String> problemWithMailAddress(String text) {
        if (text.isEmpty()) {
            return Optional.of("Enter an e-mail address, such as ops@example.org.");
        }
        if (text.length() > MAX_MAIL_ADDRESS) {
            return Optional.of("An e-mail address has at most " + MAX_MAIL_ADDRESS + " characters.");
        }
        try {
            InternetAddress parsed = new InternetAddress(text, true);
            parsed.validate();
            if (parsed.getPersonal() != null || !text.equals(parsed.getAddress()) || text.indexOf('@') < 1) {
                throw new AddressException("not a bare address");
            }
            return Optional.empty();
        } catch (AddressException e) {
            return Optional.of(
                    "This is not one valid e-mail address: enter it alone, such as ops@example.org (one target per"
                            + " recipient).");
        }
    }

    static Optional<String> problemWithUrl(String text) {
        if (text.isEmpty()) {
            return Optional.of("Enter the webhook's URL, such as https://hooks.example.org/syncboard.");
        }
        if (text.length() > MAX_ADDRESS) {
            return Optional.of("Use a URL of at most " + MAX_ADDRESS + " characters.");
        }
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            return Optional.of("This is not a valid URL (" + e.getReason() + ").");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            return Optional.of("Use an http:// or https:// URL.");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            return Optional.of("The URL needs a host name, such as https://hooks.example.org/syncboard.");
        }
        if (uri.getRawUserInfo() != null) {
            return Optional.of(
                    "Put no user name or password in the URL; to let the receiver check the sender, set a secret.");
        }
        if (uri.getRawFragment() != null) {
            return Optional.of("Leave out the #fragment: it is never sent to the server.");
        }
        return Optional.empty();
    }
}
