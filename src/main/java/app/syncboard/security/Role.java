package app.syncboard.security;

import java.util.Collection;
import java.util.Optional;

/**
 * What a signed-in user may do on the pages. Each role includes the ones before it ({@link SecurityConfig}'s role
 * hierarchy): an ADMIN is also an OPERATOR, an OPERATOR also a VIEWER. A user holds one role, stored as its
 * authority ({@code ROLE_ADMIN}) in Spring Security's {@code authorities} table.
 */
public enum Role {
    VIEWER("Reads every page: jobs, runs and logs, hosts and pairs. Changes nothing."),
    OPERATOR("Also runs things: Sync now, Preview, Cancel, Approve a blocked run, pause and resume schedules and pairs,"
            + " Test connection."),
    ADMIN("Also changes the setup: hosts and their keys, pairs, jobs, notifications, API tokens and users.");

    private final String description;

    Role(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }

    /** The Spring Security authority, e.g. {@code ROLE_ADMIN}. */
    public String authority() {
        return "ROLE_" + name();
    }

    /** The widest role among the authorities; none when they hold no role. */
    public static Optional<Role> highestOf(Collection<String> authorities) {
        Role highest = null;
        for (Role role : values()) {
            if (authorities.contains(role.authority())) {
                highest = role;
            }
        }
        return Optional.ofNullable(highest);
    }
}
