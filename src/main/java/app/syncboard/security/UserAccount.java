package app.syncboard.security;

import java.time.Instant;
import java.util.Set;

/**
 * A user of the pages, as stored (without the password hash).
 *
 * @param authorities as stored, e.g. {@code ROLE_OPERATOR}; one role for users created in syncboard
 * @param createdAt null for users created before syncboard recorded it
 * @param lastSignInAt null until the first sign-in
 */
record UserAccount(
        String username,
        Set<String> authorities,
        boolean enabled,
        boolean mustChangePassword,
        Instant createdAt,
        Instant lastSignInAt) {

    /** The widest role the user holds; null for a user without one (who may open no page). */
    public Role role() {
        return Role.highestOf(authorities).orElse(null);
    }

    public boolean isAdmin() {
        return authorities.contains(Role.ADMIN.authority());
    }
}
