package app.syncboard.runs;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.springframework.stereotype.Component;

/**
 * Runs programs on the app's own machine as child processes, from an argument list: no shell is involved,
 * so nothing in the arguments is ever interpreted. Output (stdout and stderr, merged in order) is handed
 * over line by line; a line longer than {@link #MAX_LINE_BYTES} is cut so that no output can exhaust memory.
 */
@Component
class LocalProcesses {

    static final int MAX_LINE_BYTES = 16 * 1024;

    static final class ProgramNotFound extends IOException {
        ProgramNotFound(String program) {
            super("The program \"" + program + "\" was not found on this machine;"
                    + " install it or set syncboard.rsync-command to its full path.");
        }
    }

    /** Thrown instead of starting a program once {@link #stopAll} has run. */
    static final class Closed extends IOException {
        Closed() {
            super("no more programs are started: syncboard is stopping");
        }
    }

    private final Set<Process> running = ConcurrentHashMap.newKeySet();
    private boolean closed;

    int run(List<String> command, Consumer<String> lines) throws IOException, InterruptedException {
        if (!isInstalled(command.get(0))) {
            throw new ProgramNotFound(command.get(0));
        }
        Process process;
        // Under the same lock as stopAll, so that no program starts after it has stopped the others.
        synchronized (this) {
            if (closed) {
                throw new Closed();
            }
            process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .start();
            running.add(process);
        }
        try (InputStream out = process.getInputStream()) {
            readLines(out, lines);
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

    // Signals through the process handle: Process.destroy() would also close the output the reader is draining.
    private static void stop(Process process) {
        process.descendants().forEach(ProcessHandle::destroy);
        process.toHandle().destroy();
    }

    private static void readLines(InputStream in, Consumer<String> lines) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(256);
        boolean cut = false;
        byte[] buffer = new byte[8192];
        int n;
        while ((n = in.read(buffer)) != -1) {
            for (int i = 0; i < n; i++) {
                byte b = buffer[i];
                if (b == '\n') {
                    lines.accept(decode(line, cut));
                    line.reset();
                    cut = false;
                } else if (line.size() < MAX_LINE_BYTES) {
                    line.write(b);
                } else {
                    cut = true;
                }
            }
        }
        if (line.size() > 0) {
            lines.accept(decode(line, cut));
        }
    }

    private static String decode(ByteArrayOutputStream line, boolean cut) {
        String text = line.toString(StandardCharsets.UTF_8);
        return cut ? text + " [line cut at " + MAX_LINE_BYTES + " bytes]" : text;
    }
}
