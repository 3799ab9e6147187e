package app.syncboard.runs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LocalProcessesTest {

    private final LocalProcesses processes = new LocalProcesses();

    @Test
    void outputArrivesLineByLineWithStderrMergedAndTheExitCode() throws Exception {
        List<String> lines = new ArrayList<>();

        int exit =
                processes.run(List.of("sh", "-c", "echo one; echo two >&2; printf 'no newline'; exit 3"), lines::add);

        assertThat(exit).isEqualTo(3);
        assertThat(lines).containsExactly("one", "two", "no newline");
    }

    @Test
    void overlongLinesAreCutSoThatNoOutputCanExhaustMemory() throws Exception {
        List<String> lines = new ArrayList<>();

        processes.run(List.of("sh", "-c", "head -c 100000 /dev/zero | tr '\\0' x; echo; echo next"), lines::add);

        assertThat(lines).hasSize(2);
        assertThat(lines.get(0))
                .startsWith("xxxx")
                .endsWith(" [line cut at 16384 bytes]")
                .hasSize(LocalProcesses.MAX_LINE_BYTES + " [line cut at 16384 bytes]".length());
        assertThat(lines.get(1)).isEqualTo("next");
    }

    @Test
    void aMissingProgramIsReportedByNameOnEveryJdk() {
        assertThatThrownBy(() -> processes.run(List.of("no-such-program-here", "x"), line -> {}))
                .isInstanceOf(LocalProcesses.ProgramNotFound.class)
                .hasMessageContaining("\"no-such-program-here\" was not found");
        assertThatThrownBy(() -> processes.run(List.of("/nonexistent/bin/rsync"), line -> {}))
                .isInstanceOf(LocalProcesses.ProgramNotFound.class);
        assertThat(LocalProcesses.isInstalled("sh")).isTrue();
        assertThat(LocalProcesses.isInstalled("/bin/sh")).isTrue();
        assertThat(LocalProcesses.isInstalled("/etc/passwd")).isFalse();
    }
}
