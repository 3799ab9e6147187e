package app.syncboard.hosts;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PosixQuotingTest {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "plain",
                "with space",
                "semi;colon",
                "$(touch /tmp/pwned)",
                "`id`",
                "it's",
                "'",
                "''",
                "\"double\"",
                "back\\slash",
                "a | b & c > d < e",
                "*.tmp",
                "~root",
                "-rf",
                "${HOME}",
                "new\nline",
                "tab\there",
                "ünïcødé ✓",
                ""
            })
    void aRealShellGetsBackExactlyTheOriginalWord(String word) throws Exception {
        // printf prints its argument between markers; a shell that ran anything would change the output.
        String script = "printf '<%s>' " + PosixQuoting.quote(word);

        assertThat(sh(script)).isEqualTo("<" + word + ">");
    }

    @Test
    void safeWordsStayReadable() {
        assertThat(PosixQuoting.join(List.of("rsync", "--archive", "/srv/data/./home/", "host:/backup/")))
                .isEqualTo("rsync --archive /srv/data/./home/ host:/backup/");
        assertThat(PosixQuoting.quote("a b")).isEqualTo("'a b'");
        assertThat(PosixQuoting.quote("it's")).isEqualTo("'it'\\''s'");
    }

    private static String sh(String script) throws IOException, InterruptedException {
        Process process =
                new ProcessBuilder("sh", "-c", script).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor()).as(output).isZero();
        return output;
    }
}
