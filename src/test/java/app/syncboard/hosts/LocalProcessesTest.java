package app.syncboard.hosts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

class LocalProcessesTest {

    private final LocalProcesses processes =
            new LocalProcesses(Duration.ofSeconds(5), Executors.newSingleThreadScheduledExecutor());

    @Test
    void outputArrivesLineByLineWithStderrMergedAndTheExitCode() throws Exception {
        List<String> lines = new ArrayList<>();

        int exit = processes.run(
                List.of("sh", "-c", "echo one; echo two >&2; printf 'no newline'; exit 3"),
                lines::add,
                new Cancellation());

        assertThat(exit).isEqualTo(3);
        assertThat(lines).containsExactly("one", "two", "no newline");
    }

    @Test
    void overlongLinesAreCutSoThatNoOutputCanExhaustMemory() throws Exception {
        List<String> lines = new ArrayList<>();

        processes.run(
                List.of("sh", "-c", "head -c 100000 /dev/zero | tr '\\0' x; echo; echo next"),
                lines::add,
                new Cancellation());

        assertThat(lines).hasSize(2);
        assertThat(lines.get(0))
                .startsWith("xxxx")
                .endsWith(" [line cut: 100,000 bytes in all, the first 16,384 kept]")
                .hasSize(Lines.MAX_LINE_BYTES + " [line cut: 100,000 bytes in all, the first 16,384 kept]".length());
        assertThat(lines.get(1)).isEqualTo("next");
    }

    @Test
    void aMissingProgramIsReportedByNameOnEveryJdk() {
        assertThatThrownBy(() -> processes.run(List.of("no-such-program-here", "x"), line -> {}, new Cancellation()))
                .isInstanceOf(HostCommands.ProgramMissing.class)
                .hasMessageContaining("\"no-such-program-here\" was not found");
        assertThatThrownBy(() -> processes.run(List.of("/nonexistent/bin/rsync"), line -> {}, new Cancellation()))
                .isInstanceOf(HostCommands.ProgramMissing.class);
        assertThat(LocalProcesses.isInstalled("sh")).isTrue();
        assertThat(LocalProcesses.isInstalled("/bin/sh")).isTrue();
        assertThat(LocalProcesses.isInstalled("/etc/passwd")).isFalse();
    }

    @Test
    void cancellingStopsTheProgramAndItsChildren() throws Exception {
        Cancellation cancellation = new Cancellation();
        List<String> lines = new java.util.concurrent.CopyOnWriteArrayList<>();
        Thread canceller = new Thread(() -> {
            org.awaitility.Awaitility.await().until(() -> !lines.isEmpty());
            cancellation.cancel("test");
        });
        canceller.start();

        int exit = processes.run(List.of("sh", "-c", "sleep 300 & echo child $!; wait $!"), lines::add, cancellation);

        canceller.join();
        assertThat(exit).isNotZero();
        long child = Long.parseLong(lines.get(0).substring("child ".length()));
        org.awaitility.Awaitility.await()
                .until(() -> ProcessHandle.of(child).map(p -> !p.isAlive()).orElse(true));
    }
}
