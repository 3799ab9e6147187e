package app.syncboard.sshtest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/**
 * Client key pairs for the SSH tests, made by the real {@code ssh-keygen} so that the files are exactly what a
 * user hands the app: OpenSSH's own private key format, optionally passphrase-protected. Each pair gets a fresh
 * directory under {@code target/ssh-test} (removed by {@code mvn clean}).
 *
 * <p>MINA SSHD without BouncyCastle cannot verify ed25519 signatures, so tests against {@link SshTestServer} use
 * {@link #ecdsa()} or {@link #rsa()}; {@link OpenSshServer} takes every type.
 */
public final class TestKeys {

    /** Comment written into every generated public key. */
    public static final String COMMENT = "syncboard-test";

    private TestKeys() {}

    /** A generated key pair; {@code passphrase} is empty for an unprotected key. */
    public record ClientKey(Path privateKeyPath, Path publicKeyPath, String publicKeyLine, String passphrase) {

        /** The OpenSSH key type, e.g. {@code ssh-ed25519}. */
        public String type() {
            return publicKeyLine.split(" ")[0];
        }

        /** The fingerprint as {@code ssh-keygen -lf} prints it: {@code SHA256:} and unpadded base64. */
        public String sha256Fingerprint() {
            return TestKeys.sha256Fingerprint(publicKeyLine);
        }
    }

    /** The key types the tests use, with their {@code ssh-keygen} arguments. */
    public enum Type {
        ED25519("ed25519", List.of("-t", "ed25519")),
        ECDSA("ecdsa", List.of("-t", "ecdsa", "-b", "256")),
        RSA("rsa", List.of("-t", "rsa", "-b", "3072"));

        private final String fileSuffix;
        private final List<String> keygenArguments;

        Type(String fileSuffix, List<String> keygenArguments) {
            this.fileSuffix = fileSuffix;
            this.keygenArguments = keygenArguments;
        }
    }

    /** An unprotected ed25519 key, the modern default. */
    public static ClientKey ed25519() {
        return generate(Type.ED25519, "");
    }

    /** An ed25519 key protected by {@code passphrase}. */
    public static ClientKey ed25519(String passphrase) {
        return generate(Type.ED25519, passphrase);
    }

    /** An unprotected ECDSA P-256 key, which {@link SshTestServer} accepts without extra providers. */
    public static ClientKey ecdsa() {
        return generate(Type.ECDSA, "");
    }

    /** An unprotected 3072-bit RSA key, for clients and servers that predate ed25519. */
    public static ClientKey rsa() {
        return generate(Type.RSA, "");
    }

    /** A key of the given type, protected by {@code passphrase} unless it is empty. */
    public static ClientKey generate(Type type, String passphrase) {
        try {
            Path directory = newDirectory("keys-");
            Path privateKey = directory.resolve("id_" + type.fileSuffix);
            List<String> command = new ArrayList<>(List.of("ssh-keygen", "-q"));
            command.addAll(type.keygenArguments);
            command.addAll(List.of("-N", passphrase, "-C", COMMENT, "-f", privateKey.toString()));
            run(command);
            Files.setPosixFilePermissions(privateKey, PosixFilePermissions.fromString("rw-------"));
            Path publicKey = directory.resolve(privateKey.getFileName() + ".pub");
            String line = Files.readString(publicKey, StandardCharsets.US_ASCII).strip();
            return new ClientKey(privateKey, publicKey, line, passphrase);
        } catch (IOException e) {
            throw new IllegalStateException("Could not generate a " + type + " test key: " + e.getMessage(), e);
        }
    }

    /**
     * The SHA-256 fingerprint of an OpenSSH public key line ({@code type base64 [comment]}, optionally after a
     * known_hosts host pattern), in the form {@code ssh-keygen -lf} prints and ssh clients show to users.
     */
    public static String sha256Fingerprint(String publicKeyLine) {
        // The blob starts with the length of the type name, three zero bytes that base64 writes as "AAAA".
        String blob = Arrays.stream(publicKeyLine.strip().split("\\s+"))
                .filter(field -> field.startsWith("AAAA"))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("not an OpenSSH public key: " + publicKeyLine));
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(Base64.getDecoder().decode(blob));
            return "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A new, empty directory under {@code target/ssh-test}, shared by the SSH test helpers. */
    static Path newDirectory(String prefix) throws IOException {
        Path base = Files.createDirectories(Path.of("target", "ssh-test").toAbsolutePath());
        return Files.createTempDirectory(base, prefix);
    }

    /** Runs a short command to completion; its output only matters when it fails. */
    static String run(List<String> command) throws IOException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (process.waitFor() != 0) {
                throw new IOException(String.join(" ", command) + " failed: " + output.strip());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running " + command.get(0), e);
        }
        return output;
    }
}
