package app.syncboard.security;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.JdbcUserDetailsManager;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * On the first start (no users at all) creates the {@code admin} user. Its password comes from
 * {@code SYNCBOARD_ADMIN_PASSWORD}, or is generated and printed once in the log. There is no default password.
 *
 * <p>With {@code SYNCBOARD_RESET_ADMIN_PASSWORD=true} the password of {@code admin} is set again the same way at
 * start-up (the user is re-created, or enabled and given the role ADMIN, if needed): the way back in when the
 * password is lost. Without the flag an existing {@code admin} is never touched.
 */
@Component
class AdminBootstrap implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(AdminBootstrap.class);
    static final String ADMIN = "admin";
    static final String ADMIN_ROLE = "ADMIN";
    static final int MIN_LENGTH = 12;

    private final JdbcUserDetailsManager users;
    private final JdbcClient jdbc;
    private final PasswordEncoder encoder;
    private final String configuredPassword;
    private final boolean reset;

    AdminBootstrap(
            JdbcUserDetailsManager users,
            JdbcClient jdbc,
            PasswordEncoder encoder,
            @Value("${SYNCBOARD_ADMIN_PASSWORD:}") String configuredPassword,
            @Value("${SYNCBOARD_RESET_ADMIN_PASSWORD:false}") boolean reset) {
        this.users = users;
        this.jdbc = jdbc;
        this.encoder = encoder;
        this.configuredPassword = configuredPassword;
        this.reset = reset;
    }

    @Override
    @Transactional
    public void run(ApplicationArguments args) {
        if (reset) {
            resetAdmin();
            return;
        }
        long count = jdbc.sql("SELECT COUNT(*) FROM users").query(Long.class).single();
        if (count > 0) {
            return;
        }
        String password = password();
        users.createUser(User.withUsername(ADMIN)
                .password(encoder.encode(password))
                .roles(ADMIN_ROLE)
                .build());
        if (generated()) {
            log.warn(
                    "Created the first user \"{}\" with the generated password: {} (shown only this once;"
                            + " set SYNCBOARD_ADMIN_PASSWORD before the first start to choose it)",
                    ADMIN,
                    password);
        } else {
            log.info("Created the first user \"{}\" with the password from SYNCBOARD_ADMIN_PASSWORD", ADMIN);
        }
    }

    private void resetAdmin() {
        String password = password();
        String hash = encoder.encode(password);
        String recreated = "";
        if (users.userExists(ADMIN)) {
            Set<String> authorities = new LinkedHashSet<>(
                    jdbc.sql("SELECT authority FROM authorities WHERE username = ? ORDER BY authority")
                            .param(ADMIN)
                            .query(String.class)
                            .list());
            authorities.add("ROLE_" + ADMIN_ROLE);
            // Replaces the password and the authorities (kept, plus ADMIN) and enables the user.
            users.updateUser(User.withUsername(ADMIN)
                    .password(hash)
                    .authorities(authorities.toArray(String[]::new))
                    .build());
        } else {
            users.createUser(
                    User.withUsername(ADMIN).password(hash).roles(ADMIN_ROLE).build());
            recreated = ", re-created as it was missing,";
        }
        String source = generated()
                ? "the generated password: " + password + " (shown only this once)"
                : "the password from SYNCBOARD_ADMIN_PASSWORD";
        log.warn(
                "The admin password was reset because SYNCBOARD_RESET_ADMIN_PASSWORD is set: the user \"{}\"{} is"
                        + " enabled, has the role {} and {}. Remove SYNCBOARD_RESET_ADMIN_PASSWORD again, or the"
                        + " password is reset at every start.",
                ADMIN,
                recreated,
                ADMIN_ROLE,
                source);
    }

    private boolean generated() {
        return configuredPassword.isBlank();
    }

    /** The configured password, checked, or a newly generated one. */
    private String password() {
        if (generated()) {
            return generate();
        }
        if (configuredPassword.length() < MIN_LENGTH) {
            throw new IllegalStateException(
                    "SYNCBOARD_ADMIN_PASSWORD must be at least " + MIN_LENGTH + " characters long.");
        }
        return configuredPassword;
    }

    private static String generate() {
        byte[] bytes = new byte[18];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
