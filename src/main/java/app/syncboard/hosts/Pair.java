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
        boolean oneRunAtATime,
        String pausedReason,
        Instant pausedAt,
        String roleMarkerPath,
        Instant rolesSwitchedAt,
        String rolesSwitchedBy,
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
        return new Pair(
                null,
                name,
                primaryHostId,
                primaryPath,
                standbyHostId,
                standbyPath,
                hop,
                false,
                null,
                null,
                null,
                null,
                null,
                null,
                now,
                now);
    }

    public Pair update(
            String name,
            long primaryHostId,
            String primaryPath,
            long standbyHostId,
            String standbyPath,
            HopSettings hop,
            Instant now) {
        return new Pair(
                id,
                name,
                primaryHostId,
                primaryPath,
                standbyHostId,
                standbyPath,
                hop,
                oneRunAtATime,
                pausedReason,
                pausedAt,
                roleMarkerPath,
                rolesSwitchedAt,
                rolesSwitchedBy,
                version,
                createdAt,
                now);
    }

    /** Only one run of the pair's jobs at a time, or one per job. */
    public Pair withOneRunAtATime(boolean on, Instant now) {
        return new Pair(
                id,
                name,
                primaryHostId,
                primaryPath,
                standbyHostId,
                standbyPath,
                hop,
                on,
                pausedReason,
                pausedAt,
                roleMarkerPath,
                rolesSwitchedAt,
                rolesSwitchedBy,
                version,
                createdAt,
                now);
    }

    /** Paused: no run of the pair's jobs starts, by schedule or by hand; null reason resumes. */
    public Pair paused(String reason, Instant now) {
        return new Pair(
                id,
                name,
                primaryHostId,
                primaryPath,
                standbyHostId,
                standbyPath,
                hop,
                oneRunAtATime,
                reason,
                reason == null ? null : now,
                roleMarkerPath,
                rolesSwitchedAt,
                rolesSwitchedBy,
                version,
                createdAt,
                now);
    }

    public boolean isPaused() {
        return pausedReason != null;
    }

    /** The file on both hosts that says which one is primary; null for none. */
    public Pair withRoleMarkerPath(String path, Instant now) {
        return new Pair(
                id,
                name,
                primaryHostId,
                primaryPath,
                standbyHostId,
                standbyPath,
                hop,
                oneRunAtATime,
                pausedReason,
                pausedAt,
                path,
                rolesSwitchedAt,
                rolesSwitchedBy,
                version,
                createdAt,
                now);
    }

    /**
     * The standby becomes the primary (host and base path change sides); the pair is paused until an operator
     * confirms the new direction, so that no scheduled sync copies the old primary's state over the new one.
     */
    public Pair rolesSwitched(String by, String pauseReason, Instant now) {
        return new Pair(
                id,
                name,
                standbyHostId,
                standbyPath,
                primaryHostId,
                primaryPath,
                hop,
                oneRunAtATime,
                pauseReason,
                now,
                roleMarkerPath,
                now,
                by,
                version,
                createdAt,
                now);
    }

    /**
     * The new direction is confirmed: the pause the role switch set ends; a pause set after the switch (by an
     * operator, or a runbook's pause step) stays.
     */
    public Pair directionConfirmed(Instant now) {
        boolean switchPause = pausedAt == null || !pausedAt.isAfter(rolesSwitchedAt);
        return new Pair(
                id,
                name,
                primaryHostId,
                primaryPath,
                standbyHostId,
                standbyPath,
                hop,
                oneRunAtATime,
                switchPause ? null : pausedReason,
                switchPause ? null : pausedAt,
                roleMarkerPath,
                null,
                null,
                version,
                createdAt,
                now);
    }

    /** Roles were switched and nobody has confirmed the new direction yet. */
    public boolean awaitsDirectionConfirmation() {
        return rolesSwitchedAt != null;
    }

    public HopSettings hopSettings() {
        return hop == null ? HopSettings.DEFAULTS : hop;
    }
}
