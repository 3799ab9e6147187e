package app.syncboard.hosts;

import java.time.Instant;
import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.Version;
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
        @Version Long version,
        Instant createdAt,
        Instant updatedAt) {

    public static Pair create(
            String name, long primaryHostId, String primaryPath, long standbyHostId, String standbyPath, Instant now) {
        return new Pair(null, name, primaryHostId, primaryPath, standbyHostId, standbyPath, null, now, now);
    }

    public Pair update(
            String name, long primaryHostId, String primaryPath, long standbyHostId, String standbyPath, Instant now) {
        return new Pair(id, name, primaryHostId, primaryPath, standbyHostId, standbyPath, version, createdAt, now);
    }
}
