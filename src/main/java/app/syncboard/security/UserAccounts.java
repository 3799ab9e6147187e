package app.syncboard.security;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The users of the pages, in Spring Security's {@code users} and {@code authorities} tables: created by admins with
 * one role each, passwords hashed by the app's delegating encoder (bcrypt).
 *
 * <p>There is always an enabled admin: taking the role ADMIN from the last enabled admin, disabling or deleting it is
 * refused. Such changes first lock every row of {@code users}, so that two admins demoting each other at the same
 * moment cannot both succeed; the table is small and these changes are rare.
 */
@Service
class UserAccounts {

    static final String LAST_ADMIN = "This is the last enabled admin: make another user an admin first. Without one,"
            + " nobody could manage users, hosts or jobs any more.";

    private static final String COLUMNS =
            "SELECT username, enabled, must_change_password, created_at, last_sign_in_at FROM users";

    private final JdbcClient jdbc;
    private final PasswordEncoder encoder;
    private final Clock clock;

    UserAccounts(JdbcClient jdbc, PasswordEncoder encoder, Clock clock) {
        this.jdbc = jdbc;
        this.encoder = encoder;
        this.clock = clock;
    }

    /** Every user, by name (ignoring case). */
    List<UserAccount> list() {
        Map<String, Set<String>> authorities = new HashMap<>();
        jdbc.sql("SELECT username, authority FROM authorities").query(rs -> {
            authorities
                    .computeIfAbsent(rs.getString("username"), name -> new TreeSet<>())
                    .add(rs.getString("authority"));
        });
        return jdbc.sql(COLUMNS + " ORDER BY LOWER(username), username")
                .query((rs, row) -> account(rs, authorities.getOrDefault(rs.getString("username"), Set.of())))
                .list();
    }

    Optional<UserAccount> find(String username) {
        Set<String> authorities = new TreeSet<>(jdbc.sql("SELECT authority FROM authorities WHERE username = ?")
                .param(username)
                .query(String.class)
                .list());
        return jdbc.sql(COLUMNS + " WHERE username = ?")
                .param(username)
                .query((rs, row) -> account(rs, authorities))
                .optional();
    }

    /** The stored hash, for signing in. */
    Optional<String> passwordHash(String username) {
        return jdbc.sql("SELECT password FROM users WHERE username = ?")
                .param(username)
                .query(String.class)
                .optional();
    }

    /** True when a user of this name exists, in any mix of upper and lower case: {@code Bob} and {@code bob} would be
     * too easily taken for each other. */
    boolean nameTaken(String username) {
        return jdbc.sql("SELECT COUNT(*) FROM users WHERE LOWER(username) = LOWER(?)")
                        .param(username)
                        .query(Long.class)
                        .single()
                > 0;
    }

    boolean passwordMatches(String username, String password) {
        return passwordHash(username)
                .map(hash -> encoder.matches(password, hash))
                .orElse(false);
    }

    /**
     * Creates an enabled user with the role.
     *
     * @param mustChangePassword whether the user must choose a new password at the first sign-in
     * @throws DuplicateKeyException when a user of this name exists already
     */
    @Transactional
    void create(String username, Role role, String password, boolean mustChangePassword) {
        jdbc.sql("INSERT INTO users (username, password, enabled, must_change_password, created_at)"
                        + " VALUES (?, ?, TRUE, ?, ?)")
                .params(username, encoder.encode(password), mustChangePassword, Timestamp.from(clock.instant()))
                .update();
        jdbc.sql("INSERT INTO authorities (username, authority) VALUES (?, ?)")
                .params(username, role.authority())
                .update();
    }

    /** Gives the user this role instead of the ones held. */
    @Transactional
    void changeRole(String username, Role role) {
        lockUsers();
        UserAccount user = require(username);
        if (user.isAdmin() && role != Role.ADMIN && user.enabled()) {
            requireAnotherAdmin(username);
        }
        jdbc.sql("DELETE FROM authorities WHERE username = ?").param(username).update();
        jdbc.sql("INSERT INTO authorities (username, authority) VALUES (?, ?)")
                .params(username, role.authority())
                .update();
    }

    /** Enables or disables the user; a disabled user cannot sign in, and is signed out at the next request. */
    @Transactional
    void setEnabled(String username, boolean enabled, String by) {
        if (!enabled && username.equals(by)) {
            throw new Refused("You cannot disable yourself: another admin can.");
        }
        lockUsers();
        UserAccount user = require(username);
        if (!enabled && user.enabled() && user.isAdmin()) {
            requireAnotherAdmin(username);
        }
        jdbc.sql("UPDATE users SET enabled = ? WHERE username = ?")
                .params(enabled, username)
                .update();
    }

    @Transactional
    void delete(String username, String by) {
        if (username.equals(by)) {
            throw new Refused("You cannot delete yourself: another admin can.");
        }
        lockUsers();
        UserAccount user = require(username);
        if (user.enabled() && user.isAdmin()) {
            requireAnotherAdmin(username);
        }
        jdbc.sql("DELETE FROM authorities WHERE username = ?").param(username).update();
        jdbc.sql("DELETE FROM users WHERE username = ?").param(username).update();
    }

    /**
     * Sets the password. A password someone else chose ({@code mustChangePassword}) must be replaced at the next
     * sign-in; one the user chose clears that.
     */
    @Transactional
    void setPassword(String username, String password, boolean mustChangePassword) {
        int updated = jdbc.sql("UPDATE users SET password = ?, must_change_password = ? WHERE username = ?")
                .params(encoder.encode(password), mustChangePassword, username)
                .update();
        if (updated == 0) {
            throw noSuchUser(username);
        }
    }

    /**
     * The way back in ({@code SYNCBOARD_RESET_ADMIN_PASSWORD}): sets the password, enables the user and adds the role
     * ADMIN to what it holds; creates the user when it is missing.
     *
     * @return true when the user was missing and is created
     */
    @Transactional
    boolean restoreAdmin(String username, String password, boolean mustChangePassword) {
        if (find(username).isEmpty()) {
            create(username, Role.ADMIN, password, mustChangePassword);
            return true;
        }
        jdbc.sql("UPDATE users SET password = ?, enabled = TRUE, must_change_password = ? WHERE username = ?")
                .params(encoder.encode(password), mustChangePassword, username)
                .update();
        jdbc.sql("INSERT INTO authorities (username, authority) SELECT ?, ? WHERE NOT EXISTS"
                        + " (SELECT 1 FROM authorities WHERE username = ? AND authority = ?)")
                .params(username, Role.ADMIN.authority(), username, Role.ADMIN.authority())
                .update();
        return false;
    }

    void recordSignIn(String username) {
        jdbc.sql("UPDATE users SET last_sign_in_at = ? WHERE username = ?")
                .params(Timestamp.from(clock.instant()), username)
                .update();
    }

    long count() {
        return jdbc.sql("SELECT COUNT(*) FROM users").query(Long.class).single();
    }

    /** How many enabled users other than this one have the role ADMIN. */
    long enabledAdminsOtherThan(String username) {
        return jdbc.sql("SELECT COUNT(*) FROM users u WHERE u.enabled AND u.username <> ? AND EXISTS"
                        + " (SELECT 1 FROM authorities a WHERE a.username = u.username AND a.authority = ?)")
                .params(username, Role.ADMIN.authority())
                .query(Long.class)
                .single();
    }

    private void lockUsers() {
        jdbc.sql("SELECT username FROM users ORDER BY username FOR UPDATE")
                .query(String.class)
                .list();
    }

    private UserAccount require(String username) {
        return find(username).orElseThrow(() -> noSuchUser(username));
    }

    private void requireAnotherAdmin(String username) {
        if (enabledAdminsOtherThan(username) == 0) {
            throw new Refused(LAST_ADMIN);
        }
    }

    private static Refused noSuchUser(String username) {
        return new Refused("There is no user \"" + username + "\" any more.");
    }

    private static UserAccount account(ResultSet rs, Set<String> authorities) throws SQLException {
        return new UserAccount(
                rs.getString("username"),
                Set.copyOf(authorities),
                rs.getBoolean("enabled"),
                rs.getBoolean("must_change_password"),
                instant(rs.getTimestamp("created_at")),
                instant(rs.getTimestamp("last_sign_in_at")));
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }

    /** A change the rules do not allow; the message says why, for the page. */
    static final class Refused extends RuntimeException {

        Refused(String message) {
            super(message);
        }
    }
}
