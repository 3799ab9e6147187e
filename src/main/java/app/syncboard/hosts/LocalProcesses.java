package app.syncboard.hosts;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Runs programs on the app's own machine as child processes, from an argument list: no shell is involved,
 * so nothing in the arguments is ever interpreted. Output (stdout and stderr, merged in order) is handed
 * over line by line, cut at {@link Lines#MAX_LINE_BYTES}.
 */
class LocalProcesses {

    private final Set<Process> running = ConcurrentHashMap.newKeySet();
    private final Duration stopGrace;
    private final ScheduledExecutorService timer;
    private boolean closed;

    LocalProcesses(Duration stopGrace, ScheduledExecutorService timer) {
        this.stopGrace = stopGrace;
        this.timer = timer;
    }

    int run(List<String> command, Consumer<String> lines, Cancellation cancellation)
            throws IOException, InterruptedException {
        if (!isInstalled(command.get(0))) {
            throw new HostCommands.ProgramMissing("The program \"" + command.get(0) + "\" was not found on this"
                    + " machine; install it or set syncboard.rsync-command to its full path.");
        }
        Process process;
        // Under the same lock as stopAll, so that no program starts after it has stopped the others.
        synchronized (this) {
            if (closed) {
                throw new HostCommands.Closed();
            }
            process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .start();
            running.add(process);
        }
        cancellation.onCancel(() -> {
            stop(process);
            timer.schedule(() -> kill(process), stopGrace.toMillis(), TimeUnit.MILLISECONDS);
        });
        try (InputStream out = process.getInputStream()) {
            Lines.read(out, lines);
            return process.waitFor();
        } finally {
            running.remove(process);
            if (process.isAlive()) {
                stop(process);
            }
        }
    }

    /**
     * Whether the program can be run: a path must name an executable file, a bare name must be found on PATH.
     * Checked here because the JDK's message for a missing program differs between versions.
     */
    static boolean isInstalled(String program) {
        if (program.contains("/")) {
            return Files.isRegularFile(Path.of(program)) && Files.isExecutable(Path.of(program));
        }
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String directory : path.split(File.pathSeparator)) {
            Path candidate = Path.of(directory.isEmpty() ? "." : directory, program);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return true;
            }
        }
        return false;
    }

    /** Stops every process started here, children first, and starts no more; for shutdown. */
    void stopAll() {
        synchronized (this) {
            closed = true;
        }
        running.forEach(LocalProcesses::stop);
    }

    // SIGTERM through the process handle: Process.destroy() would also close the output the reader is draining.
    private static void stop(Process process) {
        process.descendants().forEach(ProcessHandle::destroy);
        process.toHandle().destroy();
    }

    private static void kill(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.toHandle().destroyForcibly();
    }
}
