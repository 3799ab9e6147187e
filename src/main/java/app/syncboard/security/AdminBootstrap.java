package app.syncboard.security;

import java.security.SecureRandom;
import java.util.Base64;
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

/**
 * On the first start (no users at all) creates the {@code admin} user. Its password comes from
 * {@code SYNCBOARD_ADMIN_PASSWORD}, or is generated and printed once in the log. There is no default password.
 */
@Component
class AdminBootstrap implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(AdminBootstrap.class);
    static final String ADMIN = "admin";
    static final int MIN_LENGTH = 12;

    private final JdbcUserDetailsManager users;
    private final JdbcClient jdbc;
    private final PasswordEncoder encoder;
    private final String configuredPassword;

    AdminBootstrap(
            JdbcUserDetailsManager users,
            JdbcClient jdbc,
            PasswordEncoder encoder,
            @Value("${SYNCBOARD_ADMIN_PASSWORD:}") String configuredPassword) {
        this.users = users;
        this.jdbc = jdbc;
        this.encoder = encoder;
        this.configuredPassword = configuredPassword;
    }

    @Override
    public void run(ApplicationArguments args) {
        long count = jdbc.sql("SELECT COUNT(*) FROM users").query(Long.class).single();
        if (count > 0) {
            return;
        }
        boolean generated = configuredPassword.isBlank();
        if (!generated && configuredPassword.length() < MIN_LENGTH) {
            throw new IllegalStateException(
                    "SYNCBOARD_ADMIN_PASSWORD must be at least " + MIN_LENGTH + " characters long.");
        }
        String password = generated ? generate() : configuredPassword;
        users.createUser(User.withUsername(ADMIN)
                .password(encoder.encode(password))
                .roles("ADMIN")
                .build());
        if (generated) {
            log.warn(
                    "\n\n    Created the first user \"{}\" with the generated password:\n\n        {}\n\n"
                            + "    It is shown only this once. Set SYNCBOARD_ADMIN_PASSWORD before the first start"
                            + " to choose it instead.\n",
                    ADMIN,
                    password);
        } else {
            log.info("Created the first user \"{}\" with the password from SYNCBOARD_ADMIN_PASSWORD", ADMIN);
        }
    }

    private static String generate() {
        byte[] bytes = new byte[18];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
