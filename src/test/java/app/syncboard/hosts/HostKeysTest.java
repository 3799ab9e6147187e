package app.syncboard.hosts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HostKeysTest {

    @TempDir
    Path dir;

    @Test
    void fingerprintsAreThoseSshKeygenPrints() throws Exception {
        for (String type : List.of("ed25519", "ecdsa", "rsa")) {
            Path key = dir.resolve("key-" + type);
            run("ssh-keygen", "-q", "-t", type, "-N", "", "-f", key.toString());
            String line = Files.readString(Path.of(key + ".pub")).strip();
            String printed =
                    run("ssh-keygen", "-l", "-E", "sha256", "-f", key + ".pub").split(" ")[1];

            HostKeys.PublicKey parsed = HostKeys.parseKnownHostsLine(line);

            assertThat(parsed.fingerprint()).isEqualTo(printed);
            assertThat(HostKeys.parseKnownHostsLine("[10.0.0.2]:2222,standby " + line)
                            .fingerprint())
                    .isEqualTo(printed);
            assertThat(HostKeys.parseKnownHostsLine("|1|abc=|def= " + line).line())
                    .isEqualTo(parsed.line());
        }
    }

    @Test
    void linesThatAreNoHostKeyAreRefusedInWords() {
        assertThatThrownBy(() -> HostKeys.parseKnownHostsLine(""))
                .hasMessage("Paste a known_hosts line or a host public key.");
        assertThatThrownBy(() -> HostKeys.parseKnownHostsLine("@cert-authority *.example.org ssh-ed25519 AAAA"))
                .hasMessageContaining("not supported");
        assertThatThrownBy(() -> HostKeys.parseKnownHostsLine("host ssh-ed25519 not*base64"))
                .hasMessage("The key part is not valid base64.");
        assertThatThrownBy(() -> HostKeys.parseKnownHostsLine(
                        "host ssh-rsa AAAAC3NzaC1lZDI1NTE5AAAAIJNMnUDphyST9SZ+SHaOanfiH2VL9t2Jwvitk+Jvo68u"))
                .hasMessage("The key data does not hold a ssh-rsa key.");
        assertThatThrownBy(() -> HostKeys.parseKnownHostsLine("host sh-evil AAAA; touch /tmp/x"))
                .hasMessageStartingWith("Not a known_hosts line");
        assertThatThrownBy(() -> HostKeys.parseKnownHostsLine("a ssh-ed25519 AAAA\nb ssh-ed25519 AAAA"))
                .hasMessageContaining("exactly one line");
    }

    private static String run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor()).as(out).isZero();
        return out;
    }
}
