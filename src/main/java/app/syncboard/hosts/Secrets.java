package app.syncboard.hosts;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.security.crypto.encrypt.Encryptors;
import org.springframework.security.crypto.keygen.KeyGenerators;
import org.springframework.stereotype.Component;

/**
 * Encrypts what must be stored but never shown again (pasted private keys and their passphrases, webhook secrets)
 * with AES-256-GCM,
 * keyed by {@code syncboard.secret-key} (environment: {@code SYNCBOARD_SECRET_KEY}), which is never stored. Each value
 * has its own random salt: {@code v1:<salt hex>:<base64 ciphertext>}.
 */
@Component
public class Secrets {

    public static final int MIN_KEY_LENGTH = 16;

    private final String key;

    Secrets(@Value("${syncboard.secret-key:}") String key) {
        this.key = key == null ? "" : key;
    }

    /** Whether pasted secrets can be stored: a long enough key is set. */
    public boolean available() {
        return key.length() >= MIN_KEY_LENGTH;
    }

    public String encrypt(String plain) {
        requireKey();
        String salt = KeyGenerators.string().generateKey();
        byte[] sealed = Encryptors.stronger(key, salt).encrypt(plain.getBytes(StandardCharsets.UTF_8));
        return "v1:" + salt + ":" + Base64.getEncoder().encodeToString(sealed);
    }

    public String decrypt(String stored) {
        requireKey();
        String[] parts = stored.split(":", 3);
        if (parts.length != 3 || !parts[0].equals("v1")) {
            throw new IllegalStateException("stored secret has an unknown format");
        }
        try {
            byte[] plain = Encryptors.stronger(key, parts[1])
                    .decrypt(Base64.getDecoder().decode(parts[2]));
            return new String(plain, StandardCharsets.UTF_8);
        } catch (IllegalStateException | IllegalArgumentException e) {
            throw new IllegalStateException(
                    "A stored secret could not be decrypted: SYNCBOARD_SECRET_KEY is not the one it was stored with.",
                    e);
        }
    }

    /**
     * Refuses to go on when secrets of the kind {@code what} are stored but cannot be read: no key is set, or the key
     * set does not open them (tried on the first one). Called at start-up, so that syncboard does not run for hours
     * and fail at the first run or notification that needs one.
     */
    public void checkStored(String what, List<String> stored) {
        if (stored.isEmpty()) {
            return;
        }
        if (!available()) {
            throw new Unreadable(stored.size() + " stored " + what + " cannot be read: SYNCBOARD_SECRET_KEY (at least "
                    + MIN_KEY_LENGTH + " characters) is not set. Set it to the key they were stored with and start"
                    + " again.");
        }
        try {
            decrypt(stored.get(0));
        } catch (IllegalStateException e) {
            throw new Unreadable("The stored " + what + " cannot be read with the SYNCBOARD_SECRET_KEY that is set:"
                    + " it is not the key they were stored with. Set that key and start again.");
        }
    }

    /** Stored secrets that this start cannot read; syncboard does not start. */
    public static final class Unreadable extends IllegalStateException {
        Unreadable(String message) {
            super(message);
        }
    }

    private void requireKey() {
        if (!available()) {
            throw new IllegalStateException("SYNCBOARD_SECRET_KEY is not set (at least " + MIN_KEY_LENGTH
                    + " characters): pasted keys and webhook secrets cannot be stored or used without it.");
        }
    }
}
