package app.syncboard.hosts;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;

/** SSH host public keys: parsing the OpenSSH formats admins paste, and fingerprints as OpenSSH prints them. */
public final class HostKeys {

    static final Set<String> TYPES = Set.of(
            "ssh-ed25519",
            "ssh-rsa",
            "ecdsa-sha2-nistp256",
            "ecdsa-sha2-nistp384",
            "ecdsa-sha2-nistp521",
            "ssh-ed448",
            "ssh-dss");

    private HostKeys() {}

    /** A host key: its type and the base64 of its SSH wire encoding, as in {@code known_hosts}. */
    public record PublicKey(String type, String base64) {

        /** {@code SHA256:...}, as {@code ssh-keygen -l} and ssh's own "host key changed" warning print it. */
        public String fingerprint() {
            try {
                byte[] digest = MessageDigest.getInstance("SHA-256")
                        .digest(Base64.getDecoder().decode(base64));
                return "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(digest);
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("every JRE has SHA-256", e);
            }
        }

        /** {@code type base64}: how the key is stored. */
        public String line() {
            return type + " " + base64;
        }

        /** The host key algorithms to offer so that the server shows this key and not another one it has. */
        String algorithms() {
            return type.equals("ssh-rsa") ? "rsa-sha2-512,rsa-sha2-256,ssh-rsa" : type;
        }
    }

    /** Reads a stored key ({@code type base64}). */
    static PublicKey parseKey(String stored) {
        String[] parts = stored.strip().split("\\s+");
        return new PublicKey(parts[0], parts[1]);
    }

    /** Builds a key from the SSH wire encoding a server sent. */
    static PublicKey fromBlob(byte[] blob) {
        return new PublicKey(typeOf(blob).orElse("unknown"), Base64.getEncoder().encodeToString(blob));
    }

    /**
     * Reads one line as admins paste it: a {@code known_hosts} line ({@code host[,host] type key [comment]}, the
     * host part possibly hashed), or a bare public key ({@code type key [comment]}, as in {@code ssh_host_*.pub}).
     *
     * @throws IllegalArgumentException saying what is wrong, in words for the form
     */
    public static PublicKey parseKnownHostsLine(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("Paste a known_hosts line or a host public key.");
        }
        String line = text.strip();
        if (line.contains("\n") || line.contains("\r")) {
            throw new IllegalArgumentException("Paste exactly one line: the one for this host's key.");
        }
        if (line.startsWith("@")) {
            throw new IllegalArgumentException(
                    "Lines marked @cert-authority or @revoked are not supported; paste the host's own key.");
        }
        String[] fields = line.split("\\s+");
        int typeAt = TYPES.contains(fields[0]) ? 0 : 1;
        if (fields.length < typeAt + 2 || !TYPES.contains(fields[typeAt])) {
            throw new IllegalArgumentException("Not a known_hosts line: expected [host] key-type base64-key, where"
                    + " key-type is one of ssh-ed25519, ecdsa-sha2-nistp256, ssh-rsa ….");
        }
        String type = fields[typeAt];
        byte[] blob;
        try {
            blob = Base64.getDecoder().decode(fields[typeAt + 1]);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("The key part is not valid base64.");
        }
        if (!typeOf(blob).map(type::equals).orElse(false)) {
            throw new IllegalArgumentException("The key data does not hold a " + type + " key.");
        }
        return new PublicKey(type, fields[typeAt + 1]);
    }

    /** The type named at the start of an SSH key blob (a length-prefixed string). */
    private static Optional<String> typeOf(byte[] blob) {
        if (blob.length < 4) {
            return Optional.empty();
        }
        int length = ByteBuffer.wrap(blob, 0, 4).getInt();
        if (length <= 0 || length > 64 || 4 + length > blob.length) {
            return Optional.empty();
        }
        return Optional.of(new String(blob, 4, length, StandardCharsets.US_ASCII));
    }
}
