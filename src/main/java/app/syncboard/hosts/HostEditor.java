package app.syncboard.hosts;

import java.time.Clock;
import org.springframework.stereotype.Service;

/** Saves SSH hosts as admins edit them: pasted keys and passphrases encrypted, accepted host keys pinned. */
@Service
class HostEditor {

    private final Hosts hosts;
    private final Secrets secrets;
    private final Clock clock;

    HostEditor(Hosts hosts, Secrets secrets, Clock clock) {
        this.hosts = hosts;
        this.secrets = secrets;
        this.clock = clock;
    }

    boolean secretsAvailable() {
        return secrets.available();
    }

    Host create(HostForm form) {
        return hosts.save(Host.ssh(
                form.name().strip(),
                form.address().strip(),
                form.portNumber(),
                form.username().strip(),
                form.pastedKey() ? null : form.keyFile().strip(),
                form.pastedKey() ? encrypt(form.privateKey()) : null,
                isBlank(form.passphrase()) ? null : secrets.encrypt(form.passphrase()),
                clock.instant()));
    }

    /** Saves the edit; the accepted host key stays, even when the address changes: the host must still present it. */
    Host update(Host host, HostForm form) {
        String keySecret =
                form.pastedKey() ? (isBlank(form.privateKey()) ? host.keySecret() : encrypt(form.privateKey())) : null;
        String passphraseSecret = !isBlank(form.passphrase())
                ? secrets.encrypt(form.passphrase())
                : Boolean.TRUE.equals(form.removePassphrase()) ? null : host.passphraseSecret();
        return hosts.save(new Host(
                host.id(),
                form.name().strip(),
                host.kind(),
                form.address().strip(),
                form.portNumber(),
                form.username().strip(),
                form.pastedKey() ? null : form.keyFile().strip(),
                keySecret,
                passphraseSecret,
                host.hostKey(),
                host.offeredHostKey(),
                host.offeredAt(),
                host.version(),
                host.createdAt(),
                clock.instant()));
    }

    /** Pins {@code key}: from now on the host must present exactly it; a key it offered instead is forgotten. */
    Host accept(Host host, HostKeys.PublicKey key) {
        return hosts.save(host.withHostKey(key.line(), clock.instant()));
    }

    /** A key file ends with a newline, and some key parsers need it; a paste often loses it. */
    private String encrypt(String privateKey) {
        return secrets.encrypt(privateKey.strip().replace("\r\n", "\n") + "\n");
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }
}
