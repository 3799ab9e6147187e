package app.syncboard.hosts;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.springframework.validation.Errors;

/**
 * What an admin types for an SSH host. The port is kept as typed, so that "abc" comes back with a message instead of
 * a conversion error. A pasted key and a passphrase are never filled in from the stored host: left blank on an edit,
 * the stored ones are kept.
 *
 * @param keySource {@link #KEY_FILE} or {@link #PASTED_KEY}
 */
public record HostForm(
        @NotBlank(message = "Enter a name.")
        @Size(max = 100, message = "Use at most 100 characters.")
        @Pattern(regexp = "[^\\p{Cntrl}]*", message = "Must not contain control characters.")
        String name,

        String address,
        String port,
        String username,
        String keySource,
        String keyFile,
        String privateKey,
        String passphrase,
        Boolean removePassphrase) {

    static final String KEY_FILE = "file";
    static final String PASTED_KEY = "pasted";

    /**
     * Enough for every ed25519 and ECDSA key and RSA keys up to 8192 bits (about 6,400 characters), while the encrypted
     * value still fits the 16,000-character column. (A 16384-bit RSA key, about 12,700 characters, does not: use a key
     * file for it.)
     */
    static final int MAX_KEY_LENGTH = 11_000;

    static final int MAX_PASSPHRASE_LENGTH = 1_000;

    private static final String SECRET_KEY_NEEDED = " is stored encrypted: set SYNCBOARD_SECRET_KEY (at least "
            + Secrets.MIN_KEY_LENGTH + " characters) in syncboard's environment, or use a key file";

    static HostForm empty() {
        return new HostForm("", "", String.valueOf(Host.DEFAULT_PORT), "", KEY_FILE, "", "", "", false);
    }

    static HostForm of(Host host) {
        return new HostForm(
                host.name(),
                host.address(),
                String.valueOf(host.port()),
                host.username(),
                host.keySecret() != null ? PASTED_KEY : KEY_FILE,
                host.keyFile() == null ? "" : host.keyFile(),
                "",
                "",
                false);
    }

    boolean pastedKey() {
        return PASTED_KEY.equals(keySource);
    }

    int portNumber() {
        return blank(port) ? Host.DEFAULT_PORT : Integer.parseInt(port.strip());
    }

    /**
     * Checks what bean validation cannot.
     *
     * @param current the host being edited (its stored key and passphrase may be kept), or null for a new one
     * @param secretsAvailable whether pasted keys and passphrases can be stored
     */
    void check(Errors errors, Host current, boolean secretsAvailable) {
        HostNames.problemWithAddress(address == null ? null : address.strip())
                .ifPresent(p -> errors.rejectValue("address", "address", p));
        checkPort(errors);
        HostNames.problemWithUser(username == null ? null : username.strip())
                .ifPresent(p -> errors.rejectValue("username", "user", p));
        if (pastedKey()) {
            checkPastedKey(errors, current, secretsAvailable);
        } else if (KEY_FILE.equals(keySource)) {
            Paths.problemWith(keyFile)
                    .ifPresent(p -> errors.rejectValue("keyFile", "path", "The key file path " + p + "."));
        } else {
            errors.rejectValue("keySource", "source", "Choose where the private key comes from.");
        }
        if (!blank(passphrase)) {
            if (passphrase.length() > MAX_PASSPHRASE_LENGTH) {
                errors.rejectValue(
                        "passphrase", "long", "Use a passphrase of at most " + MAX_PASSPHRASE_LENGTH + " characters.");
            } else if (!secretsAvailable) {
                errors.rejectValue("passphrase", "secrets", "A passphrase" + SECRET_KEY_NEEDED + " without one.");
            }
        }
    }

    private void checkPort(Errors errors) {
        if (blank(port)) {
            return;
        }
        if (!port.strip().matches("[0-9]{1,5}")) {
            errors.rejectValue("port", "port", "Use a port between 1 and 65535.");
            return;
        }
        HostNames.problemWithPort(Integer.parseInt(port.strip())).ifPresent(p -> errors.rejectValue("port", "port", p));
    }

    private void checkPastedKey(Errors errors, Host current, boolean secretsAvailable) {
        if (blank(privateKey)) {
            if (current == null || current.keySecret() == null) {
                errors.rejectValue("privateKey", "missing", "Paste the private key.");
            }
            return;
        }
        if (!secretsAvailable) {
            errors.rejectValue("privateKey", "secrets", "A pasted key" + SECRET_KEY_NEEDED + ".");
        } else if (privateKey.length() > MAX_KEY_LENGTH) {
            errors.rejectValue("privateKey", "long", "This is longer than any private key; paste only the key.");
        } else if (!privateKey.strip().startsWith("-----BEGIN ")
                || !privateKey.contains("PRIVATE KEY-----")
                || !privateKey.strip().endsWith("-----")) {
            errors.rejectValue(
                    "privateKey",
                    "format",
                    "This is not a private key: paste the whole file, from -----BEGIN OPENSSH PRIVATE KEY----- to"
                            + " -----END OPENSSH PRIVATE KEY----- (the private key, not the .pub file).");
        }
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
