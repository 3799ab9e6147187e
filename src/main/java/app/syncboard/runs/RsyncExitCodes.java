package app.syncboard.runs;

import app.syncboard.jobs.RsyncCommand;
import java.util.Map;

/** What rsync's exit codes mean, in the words of its manual page. */
final class RsyncExitCodes {

    private static final Map<Integer, String> MEANINGS = Map.ofEntries(
            Map.entry(0, "success"),
            Map.entry(1, "syntax or usage error"),
            Map.entry(2, "protocol incompatibility"),
            Map.entry(3, "errors selecting input/output files or directories"),
            Map.entry(4, "requested action not supported"),
            Map.entry(5, "error starting client-server protocol"),
            Map.entry(6, "daemon unable to append to log file"),
            Map.entry(10, "error in socket I/O"),
            Map.entry(11, "error in file I/O"),
            Map.entry(12, "error in rsync protocol data stream"),
            Map.entry(13, "errors with program diagnostics"),
            Map.entry(14, "error in IPC code"),
            Map.entry(20, "received SIGUSR1 or SIGINT"),
            Map.entry(21, "some error returned by waitpid()"),
            Map.entry(22, "error allocating core memory buffers"),
            Map.entry(23, "partial transfer due to error"),
            Map.entry(24, "partial transfer due to vanished source files"),
            Map.entry(25, "the --max-delete limit stopped deletions"),
            Map.entry(30, "timeout in data send/receive"),
            Map.entry(35, "timeout waiting for daemon connection"),
            Map.entry(255, "SSH connection failed"));

    private RsyncExitCodes() {}

    /**
     * The meaning, with the hosts named where rsync's code points at one: when the runner's ssh to its peer fails,
     * rsync exits with 255, or with 12 when it notices the broken stream first.
     */
    static String describe(int exitCode, RsyncCommand command) {
        String meaning = describe(exitCode);
        if ((exitCode == 255 || exitCode == 12) && command.peer().isPresent()) {
            return meaning + ", on the inner hop from " + command.runner().name() + " to "
                    + command.peer().get().name()
                    + " (its ssh could not connect, log in or verify the host key, or the connection dropped)";
        }
        if (exitCode == 127) {
            return "rsync exited with code 127: a program was not found (rsync on the other side of the hop?)";
        }
        return meaning;
    }

    static String describe(int exitCode) {
        String meaning = MEANINGS.get(exitCode);
        if (meaning == null && exitCode > 128 && exitCode < 160) {
            meaning = "killed by signal " + (exitCode - 128);
        }
        return "rsync exited with code " + exitCode + (meaning == null ? "" : ": " + meaning);
    }
}
