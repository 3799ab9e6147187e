package app.syncboard.bench;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The app jar as a child process, as an operator starts it: {@code java -Xmx256m -jar syncboard.jar} with a working
 * directory of its own, on a free loopback port, GC activity logged to {@code gc.log} there and its output to
 * {@code app.log}.
 */
final class App implements AutoCloseable {

    static final String USER = "admin";
    static final String PASSWORD = "bench-admin-password";
    static final String HEAP = "-Xmx256m";

    private static final Duration START_LIMIT = Duration.ofMinutes(5);

    private final Process process;
    private final Path directory;
    private final URI base;
    private final long startedNanos = System.nanoTime();
    private Session session;

    private App(Process process, Path directory, URI base) {
        this.process = process;
        this.directory = directory;
        this.base = base;
    }

    /** Starts the app, signs in and waits until it is ready; fails with the end of its output if it is not. */
    static App start(Path jar, Database db, Path directory) throws IOException, InterruptedException {
        Files.createDirectories(directory);
        int port = Bench.freePort();
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                HEAP,
                "-Xlog:gc*:file=" + directory.resolve("gc.log"),
                "-jar",
                jar.toAbsolutePath().toString(),
                "--server.address=127.0.0.1",
                "--server.port=" + port,
                "--syncboard.node-name=bench",
                // No daily clean-up (04:17) in the middle of a bench: the history is kept as generated.
                "--syncboard.retention.cron=-"));
        command.addAll(db.appArguments());
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(directory.toFile())
                .redirectErrorStream(true)
                .redirectOutput(directory.resolve("app.log").toFile());
        builder.environment().put("SYNCBOARD_ADMIN_PASSWORD", PASSWORD);
        App app = Cleanup.register(new App(builder.start(), directory, URI.create("http://127.0.0.1:" + port)));
        app.awaitReady();
        return app;
    }

    Path gcLog() {
        return directory.resolve("gc.log");
    }

    /** About the JVM's own uptime, which its GC log is stamped with (it starts a moment after the process). */
    double uptimeSeconds() {
        return (System.nanoTime() - startedNanos) / 1e9;
    }

    boolean alive() {
        return process.isAlive();
    }

    /**
     * Waits for the login page, signs in, and waits for {@code /actuator/health/readiness} to answer 200: the app is
     * ready only after its start-up work (schedules, missed-run check), which the login page answering would not say.
     * Not the anonymous {@code /actuator/health}: it judges every job's runs, which takes seconds on a long history.
     */
    private void awaitReady() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + START_LIMIT.toNanos();
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest login = HttpRequest.newBuilder(base.resolve("/login")).build();
        while (!answers(
                () -> http.send(login, HttpResponse.BodyHandlers.discarding()).statusCode() == 200, deadline)) {
            Thread.sleep(250);
        }
        session = Session.signIn(base, USER, PASSWORD);
        while (!answers(() -> session.get("/actuator/health/readiness").status() == 200, deadline)) {
            Thread.sleep(250);
        }
    }

    private interface Probe {
        boolean ok() throws IOException, InterruptedException;
    }

    private boolean answers(Probe probe, long deadline) throws IOException, InterruptedException {
        if (!process.isAlive()) {
            throw new IllegalStateException("The app stopped during start-up (exit code " + process.exitValue()
                    + "). Its last output:\n" + lastOutput());
        }
        if (System.nanoTime() > deadline) {
            throw new IllegalStateException("The app was not ready at " + base + " within " + START_LIMIT.toMinutes()
                    + " minutes. Its last output:\n" + lastOutput());
        }
        try {
            return probe.ok();
        } catch (ConnectException notListeningYet) {
            return false;
        }
    }

    /** Signed in as the admin user. */
    Session session() {
        return session;
    }

    private String lastOutput() throws IOException {
        List<String> lines = Files.readAllLines(directory.resolve("app.log"), StandardCharsets.UTF_8);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    }

    /** Stops the app as a service manager would (SIGTERM), killing it if it is still there after a minute. */
    @Override
    public void close() {
        Cleanup.forget(this);
        process.destroy();
        try {
            if (!process.waitFor(1, TimeUnit.MINUTES)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
