package app.syncboard.hosts;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The exec channel's command line, run by a real /bin/sh as sshd runs it: every argument arrives unchanged. */
class RemoteCommandLineTest {

    @TempDir
    Path dir;

    @Test
    void hostileArgumentsArriveAsDataAndTheFirstLineIsTheProgramsProcessId() throws Exception {
        Path canary = dir.resolve("canary");
        List<String> hostile = List.of(
                "$(touch " + canary + ")",
                "`touch " + canary + "`",
                "; touch " + canary,
                "' ; touch " + canary + " ; '",
                "\" ; touch " + canary + " ; \"",
                "$HOME",
                "-e sh",
                "a\\b",
                "*",
                "",
                "ünïcödé");
        List<String> command = new ArrayList<>(List.of("printf", "[%s]\\n"));
        command.addAll(hostile);

        Process shell = new ProcessBuilder("/bin/sh", "-c", HostCommands.remoteCommandLine(command))
                .directory(dir.toFile())
                .start();
        List<String> lines = new String(shell.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)
                .lines()
                .toList();

        assertThat(shell.waitFor()).isZero();
        assertThat(lines.get(0)).matches(HostCommands.PID_MARKER + "[0-9]+");
        assertThat(lines.subList(1, lines.size()))
                .containsExactlyElementsOf(
                        hostile.stream().map(h -> "[" + h + "]").toList());
        assertThat(canary).doesNotExist();
    }
}
