package app.syncboard.hosts;

import java.time.Instant;
import java.util.Optional;
import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.Version;
import org.springframework.data.relational.core.mapping.Table;

/**
 * A machine commands run on: the app's own ({@link HostKind#LOCAL}), or one reached over SSH as {@code username}
 * at {@code address:port}, authenticated by a key file on the app's machine or by a pasted key kept encrypted
 * ({@code keySecret}, {@code passphraseSecret}). Nothing runs on an SSH host until its {@code hostKey} is accepted.
 */
@Table("host")
public record Host(
        @Id Long id,
        String name,
        HostKind kind,
        String address,
        Integer port,
        String username,
        String keyFile,
        String keySecret,
        String passphraseSecret,
        String hostKey,
        String offeredHostKey,
        Instant offeredAt,
        @Version Long version,
        Instant createdAt,
        Instant updatedAt) {

    public static final int DEFAULT_PORT = 22;

    /** A new SSH host; its host key is accepted in a second step. {@code keySecret}/{@code passphraseSecret} are encrypted. */
    public static Host ssh(
            String name,
            String address,
            int port,
            String username,
            String keyFile,
            String keySecret,
            String passphraseSecret,
            Instant now) {
        return new Host(
                null,
                name,
                HostKind.SSH,
                address,
                port,
                username,
                keyFile,
                keySecret,
                passphraseSecret,
                null,
                null,
                null,
                null,
                now,
                now);
    }

    public boolean isLocal() {
        return kind == HostKind.LOCAL;
    }

    public Optional<HostKeys.PublicKey> acceptedKey() {
        return Optional.ofNullable(hostKey).map(HostKeys::parseKey);
    }

    public Optional<HostKeys.PublicKey> offeredKey() {
        return Optional.ofNullable(offeredHostKey).map(HostKeys::parseKey);
    }

    /** {@code user@address:port}, as people write it; "this machine" for the local host. */
    public String target() {
        if (isLocal()) {
            return "this machine";
        }
        return username + "@" + HostNames.bracketed(address) + (port == DEFAULT_PORT ? "" : ":" + port);
    }

    Host withHostKey(String key, Instant now) {
        return new Host(
                id,
                name,
                kind,
                address,
                port,
                username,
                keyFile,
                keySecret,
                passphraseSecret,
                key,
                null,
                null,
                version,
                createdAt,
                now);
    }
}
