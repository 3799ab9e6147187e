package app.syncboard.security;

import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * On the first start (no users at all) creates the {@code admin} user with the role ADMIN. Its password comes from
 * {@code SYNCBOARD_ADMIN_PASSWORD}, or is generated and printed once in the log. There is no default password.
 *
 * <p>A generated password must be changed at the first sign-in: it stood in the log, which others may read. One set
 * in {@code SYNCBOARD_ADMIN_PASSWORD} was chosen by whoever installs syncboard and is kept (a deployment that sets it
 * signs in with it, as the browser tests do).
 *
 * <p>With {@code SYNCBOARD_RESET_ADMIN_PASSWORD=true} the password of {@code admin} is set again the same way at
 * start-up (the user is re-created, or enabled and given the role ADMIN, if needed): the way back in when the
 * password is lost. Without the flag an existing {@code admin} is never touched.
 */
@Component
class AdminBootstrap implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(AdminBootstrap.class);
    static final String ADMIN = "admin";
    static final int MIN_LENGTH = Passwords.MIN_LENGTH;

    private final UserAccounts accounts;
    private final String configuredPassword;
    private final boolean reset;

    AdminBootstrap(
            UserAccounts accounts,
            @Value("${SYNCBOARD_ADMIN_PASSWORD:}") String configuredPassword,
            @Value("${SYNCBOARD_RESET_ADMIN_PASSWORD:false}") boolean reset) {
        this.accounts = accounts;
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
        if (accounts.count() > 0) {
            return;
        }
        String password = password();
        accounts.create(ADMIN, Role.ADMIN, password, generated());
        if (generated()) {
            log.warn(
                    "Created the first user \"{}\" with the generated password: {} (shown only this once, to be"
                            + " changed at the first sign-in; set SYNCBOARD_ADMIN_PASSWORD before the first start to"
                            + " choose it)",
                    ADMIN,
                    password);
        } else {
            log.info("Created the first user \"{}\" with the password from SYNCBOARD_ADMIN_PASSWORD", ADMIN);
        }
    }

    private void resetAdmin() {
        String password = password();
        boolean recreated = accounts.restoreAdmin(ADMIN, password, generated());
        String source = generated()
                ? "the generated password: " + password + " (shown only this once, to be changed at the first"
                        + " sign-in)"
                : "the password from SYNCBOARD_ADMIN_PASSWORD";
        log.warn(
                "The admin password was reset because SYNCBOARD_RESET_ADMIN_PASSWORD is set: the user \"{}\"{} is"
                        + " enabled, has the role {} and {}. Remove SYNCBOARD_RESET_ADMIN_PASSWORD again, or the"
                        + " password is reset at every start.",
                ADMIN,
                recreated ? ", re-created as it was missing," : "",
                Role.ADMIN.name(),
                source);
    }

    private boolean generated() {
        return configuredPassword.isBlank();
    }

    /** The configured password, checked, or a newly generated one. */
    private String password() {
        if (generated()) {
            return Passwords.generate();
        }
        Optional<String> problem = Passwords.problem(ADMIN, configuredPassword);
        if (problem.isPresent()) {
            throw new IllegalStateException(
                    configuredPassword.length() < MIN_LENGTH
                            ? "SYNCBOARD_ADMIN_PASSWORD must be at least " + MIN_LENGTH + " characters long."
                            : "SYNCBOARD_ADMIN_PASSWORD: " + problem.get());
        }
        return configuredPassword;
    }
}
