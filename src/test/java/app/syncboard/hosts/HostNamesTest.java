package app.syncboard.hosts;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HostNamesTest {

    @ParameterizedTest
    @ValueSource(strings = {"standby.example.org", "db-2", "10.0.0.12", "fd00::12", "::1", "HOST.example.org."})
    void realAddressesAreAccepted(String address) {
        assertThat(HostNames.problemWithAddress(address)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "-oProxyCommand=touch /tmp/x",
                "-p",
                "host;id",
                "host name",
                "$(id)",
                "`id`",
                "host\nother",
                "a|b",
                "[fd00::1]",
                "-host",
                "host-",
                "user@host",
                ""
            })
    void addressesThatAreNoHostNameAreRefused(String address) {
        assertThat(HostNames.problemWithAddress(address)).isPresent();
    }

    @ParameterizedTest
    @ValueSource(strings = {"root", "backup", "svc_sync", "a.b-c", "_rsync"})
    void loginNamesAreAccepted(String user) {
        assertThat(HostNames.problemWithUser(user)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"-e sh", "-oProxyCommand=x", "root;id", "ro ot", "$(id)", ".hidden", "a\nb", ""})
    void loginNamesAShellOrSshWouldReadAreRefused(String user) {
        assertThat(HostNames.problemWithUser(user)).isPresent();
    }
}
