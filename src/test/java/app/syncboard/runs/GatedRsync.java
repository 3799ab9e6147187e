package app.syncboard.runs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * An rsync that waits at a named pipe before running the real rsync, so that a test holds a run in
 * RUNNING for exactly as long as it needs, without sleeping. A job path {@code /gate-NAME/} makes the run
 * wait at the pipe {@code gate-NAME} in this directory until {@link #open} writes to it.
 */
record GatedRsync(Path directory, Path program) {

    static GatedRsync in(Path directory) throws IOException {
        Path program = directory.resolve("gated-rsync");
        Files.writeString(program, """
                #!/bin/sh
                for arg in "$@"; do case "$arg" in */./gate-*) gate="${arg##*/./}";; esac; done
                read go < "%s/${gate%%/}"
                exec rsync "$@"
                """.formatted(directory));
        Files.setPosixFilePermissions(program, PosixFilePermissions.fromString("rwx------"));
        return new GatedRsync(directory, program);
    }

    /**
     * The same gate as a program named {@code rsync} in {@code directory/bin}, for hosts that run "rsync" from
     * their PATH: put that directory first on the host's PATH.
     */
    static GatedRsync asRsyncIn(Path directory) throws IOException {
        Path bin = Files.createDirectories(directory.resolve("bin"));
        Path program = bin.resolve("rsync");
        Files.writeString(program, """
                #!/bin/sh
                for arg in "$@"; do case "$arg" in */./gate-*) gate="${arg##*/./}";; esac; done
                if [ -n "$gate" ]; then read go < "%s/${gate%%/}"; fi
                exec %s "$@"
                """.formatted(directory, realRsync()));
        Files.setPosixFilePermissions(program, PosixFilePermissions.fromString("rwx------"));
        return new GatedRsync(directory, program);
    }

    private static String realRsync() {
        for (String dir : System.getenv("PATH").split(":")) {
            Path candidate = Path.of(dir, "rsync");
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        throw new IllegalStateException("rsync is not installed");
    }

    /** Creates the pipe for the job path {@code /NAME/}; NAME must start with "gate-". */
    Path gate(String name) throws IOException, InterruptedException {
        Path pipe = directory.resolve(name);
        if (!Files.exists(pipe)) {
            Process mkfifo = new ProcessBuilder("mkfifo", pipe.toString()).start();
            assertThat(mkfifo.waitFor()).isZero();
        }
        return pipe;
    }

    /** Lets one waiting run through. */
    void open(String name) throws IOException {
        Files.writeString(directory.resolve(name), "go\n");
    }
}
