package app.syncboard.notify;

import java.util.Arrays;
import java.util.Collection;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What a target can be told about; {@link #key()} is the name in webhook bodies, forms and the database. The accessors
 * are public for the templates.
 */
enum Alert {
    FAILED(
            "failed",
            "a run failed (on its last attempt), or refused to copy over a standby whose role marker says primary"),
    RECOVERED("recovered", "the first success after a failure, block or stale copy that was sent"),
    OVERLAP("overlap", "a run was refused because one was still going"),
    BLOCKED("blocked", "the deletion guard stopped a run"),
    STALE("stale", "no successful run for too long (checked even when nothing runs)"),
    FAILOVER_STARTED("failover-started", "a failover began"),
    FAILOVER_FINISHED("failover-finished", "a failover ended");

    /** The conditions a success clears: after one of them was sent, the next success is sent as RECOVERED. */
    static final Set<Alert> PROBLEMS = EnumSet.of(FAILED, BLOCKED, STALE);

    private final String key;
    private final String meaning;

    Alert(String key, String meaning) {
        this.key = key;
        this.meaning = meaning;
    }

    public String key() {
        return key;
    }

    public String meaning() {
        return meaning;
    }

    /** As a subject line says it: "FAILOVER STARTED". */
    public String title() {
        return name().replace('_', ' ');
    }

    /** Whether a repeat within {@code syncboard.notify.repeat-after} is held back (failovers are always sent). */
    boolean repeatsHeldBack() {
        return this == FAILED || this == OVERLAP || this == BLOCKED || this == STALE;
    }

    static Optional<Alert> of(String key) {
        return Arrays.stream(values()).filter(a -> a.key.equals(key)).findFirst();
    }

    static String keys(Collection<Alert> alerts) {
        return alerts.stream().sorted().map(Alert::key).collect(Collectors.joining(","));
    }

    /** Unknown words are ignored: a key a later version dropped does not break reading old rows. */
    static Set<Alert> parse(String keys) {
        Set<Alert> alerts = EnumSet.noneOf(Alert.class);
        if (keys != null) {
            for (String key : keys.split(",")) {
                of(key.strip().toLowerCase(Locale.ROOT)).ifPresent(alerts::add);
            }
        }
        return alerts;
    }
}
