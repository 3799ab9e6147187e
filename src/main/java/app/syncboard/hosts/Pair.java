package app.syncboard.hosts;

import java.time.Instant;
import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.Version;
import org.springframework.data.relational.core.mapping.Embedded;
import org.springframework.data.relational.core.mapping.Table;

/**
 * Two hosts that mirror each other. Syncs always run from the current primary to the standby;
 * each side has a base path under which a job's paths are resolved.
 */
@Table("pair")
public record Pair(
        @Id Long id,
        String name,
        Long primaryHostId,
        String primaryPath,
        Long standbyHostId,
        String standbyPath,
        @Embedded.Empty(prefix = "hop_") HopSettings hop,
        @Version Long version,
        Instant createdAt,
        Instant updatedAt) {

    /** A pair whose hop (if any) uses the peer host's own settings. */
    public static Pair create(
            String name, long primaryHostId, String primaryPath, long standbyHostId, String standbyPath, Instant now) {
        return create(name, primaryHostId, primaryPath, standbyHostId, standbyPath, HopSettings.DEFAULTS, now);
    }

    public static Pair create(
            String name,
            long primaryHostId,
            String primaryPath,
            long standbyHostId,
            String standbyPath,
            HopSettings hop,
            Instant now) {
        return new Pair(null, name, primaryHostId, primaryPath, standbyHostId, standbyPath, hop, null, now, now);
    }

    public Pair update(
            String name,
            long primaryHostId,
            String primaryPath,
            long standbyHostId,
            String standbyPath,
            HopSettings hop,
            Instant now) {
        return new Pair(id, name, primaryHostId, primaryPath, standbyHostId, standbyPath, hop, version, createdAt, now);
    }

    public HopSettings hopSettings() {
        return hop == null ? HopSettings.DEFAULTS : hop;
    }
}
