package app.syncboard.security;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;

/** The rules every password set in syncboard follows, and the generator of the passwords it chooses itself. */
final class Passwords {

    static final int MIN_LENGTH = 12;

    /** bcrypt reads no more than 72 bytes; Spring Security refuses longer passwords rather than cut them. */
    static final int MAX_BYTES = 72;

    private static final SecureRandom RANDOM = new SecureRandom();

    private Passwords() {}

    /** What is wrong with the password for this user, as a sentence for the form; empty when it is acceptable. */
    static Optional<String> problem(String username, String password) {
        if (password == null || password.isEmpty()) {
            return Optional.of("Enter a password.");
        }
        if (password.codePointCount(0, password.length()) < MIN_LENGTH) {
            return Optional.of("Use at least " + MIN_LENGTH + " characters.");
        }
        if (password.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
            return Optional.of("Use at most " + MAX_BYTES + " bytes (72 letters without accents; fewer with"
                    + " accents or other scripts): bcrypt reads no further.");
        }
        if (username != null && password.strip().equalsIgnoreCase(username.strip())) {
            return Optional.of("Must not be the user name.");
        }
        return Optional.empty();
    }

    /** 18 random bytes, URL-safe Base64: 24 characters. */
    static String generate() {
        byte[] bytes = new byte[18];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
