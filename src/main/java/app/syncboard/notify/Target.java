package app.syncboard.notify;

import java.time.Instant;
import java.util.Locale;
import java.util.Set;
import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.Version;
import org.springframework.data.relational.core.mapping.Table;

/**
 * Where notifications go: a mail recipient or a webhook URL, for every job ({@code jobId} null) or one, with the
 * events it takes. A webhook's {@code secret} (the HMAC key) is stored encrypted and never shown again.
 */
@Table("notify_target")
record Target(
        @Id Long id,
        Kind kind,
        String address,
        Long jobId,
        boolean enabled,
        String secret,
        String events,
        @Version Long version,
        Instant createdAt) {

    enum Kind {
        MAIL,
        WEBHOOK
    }

    static Target create(Kind kind, String address, Long jobId, Set<Alert> alerts, String secret, Instant now) {
        return new Target(null, kind, address, jobId, true, secret, Alert.keys(alerts), null, now);
    }

    Target withEnabled(boolean on) {
        return new Target(id, kind, address, jobId, on, secret, events, version, createdAt);
    }

    Set<Alert> alerts() {
        return Alert.parse(events);
    }

    boolean wants(Alert alert) {
        return alerts().contains(alert);
    }

    boolean signed() {
        return secret != null;
    }

    /** Two targets that would receive the same thing: one delivery is enough. */
    String destination() {
        return kind == Kind.MAIL ? "mail:" + address.toLowerCase(Locale.ROOT) : "webhook:" + address;
    }
}
