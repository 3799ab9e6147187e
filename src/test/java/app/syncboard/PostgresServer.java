package app.syncboard;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * A real PostgreSQL server for the tests, from Debian's binaries ({@code apt-get install postgresql}), on a free
 * loopback port with its data in {@code target/test-postgres} (so that {@code mvn clean} removes it). One per test
 * JVM, stopped when the JVM ends; one left by a killed test run is stopped and replaced. PostgreSQL refuses to run
 * as root, so as root it runs as the {@code postgres} user through {@code runuser}.
 */
public final class PostgresServer {

    private static PostgresServer instance;

    private final Path bin;
    private final Path data;
    private final int port;

    private PostgresServer(Path bin, Path data, int port) {
        this.bin = bin;
        this.data = data;
        this.port = port;
    }

    /** Starts the server on first use. */
    public static synchronized PostgresServer get() {
        if (instance == null) {
            try {
                instance = start();
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException("Could not start PostgreSQL for the tests: " + e.getMessage(), e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(instance::stop));
        }
        return instance;
    }

    /** A new, empty database on the server, as a JDBC URL. */
    public String newDatabase() {
        String name = "syncboard_" + UUID.randomUUID().toString().replace("-", "");
        try (Connection admin = DriverManager.getConnection(url("postgres"), "postgres", "")) {
            admin.createStatement().execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("Could not create a test database: " + e.getMessage(), e);
        }
        return url(name);
    }

    private String url(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    private static PostgresServer start() throws IOException, InterruptedException {
        Path bin = binaries();
        Path data = Path.of("target", "test-postgres").toAbsolutePath();
        if (Files.exists(data.resolve("db"))) {
            try {
                run(asPostgres(
                        bin.resolve("pg_ctl").toString(),
                        "-D",
                        data.resolve("db").toString(),
                        "-m",
                        "immediate",
                        "stop"));
            } catch (IllegalStateException notRunning) {
                // left by a finished run: only the files remain
            }
        }
        delete(data);
        Files.createDirectories(data);
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        if (isRoot()) {
            run(List.of("chown", "postgres", data.toString()));
        }
        run(asPostgres(
                bin.resolve("initdb").toString(),
                "-D",
                data.resolve("db").toString(),
                "-A",
                "trust",
                "-U",
                "postgres",
                "-E",
                "UTF8",
                "--no-sync"));
        run(asPostgres(
                bin.resolve("pg_ctl").toString(),
                "-D",
                data.resolve("db").toString(),
                "-l",
                data.resolve("server.log").toString(),
                "-w",
                "-o",
                "-p " + port + " -k " + data + " -c listen_addresses=127.0.0.1 -c fsync=off"
                        + " -c synchronous_commit=off -c full_page_writes=off",
                "start"));
        return new PostgresServer(bin, data, port);
    }

    private void stop() {
        try {
            run(asPostgres(
                    bin.resolve("pg_ctl").toString(), "-D", data.resolve("db").toString(), "-m", "immediate", "stop"));
        } catch (IOException | InterruptedException | IllegalStateException e) {
            // The JVM is ending; the temporary directory goes with the machine's clean-up.
        }
    }

    private static void delete(Path directory) throws IOException {
        if (Files.exists(directory)) {
            try (Stream<Path> files = Files.walk(directory)) {
                for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(file);
                }
            }
        }
    }

    private static Path binaries() throws IOException {
        Path root = Path.of("/usr/lib/postgresql");
        if (!Files.isDirectory(root)) {
            throw new IOException("no PostgreSQL server binaries under /usr/lib/postgresql;"
                    + " install them with: apt-get install postgresql");
        }
        try (Stream<Path> versions = Files.list(root)) {
            return versions.map(version -> version.resolve("bin"))
                    .filter(dir -> Files.isExecutable(dir.resolve("initdb")))
                    .max(Comparator.comparing(dir ->
                            Integer.parseInt(dir.getParent().getFileName().toString())))
                    .orElseThrow(() -> new IOException("no initdb under /usr/lib/postgresql/*/bin"));
        }
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static List<String> asPostgres(String... command) {
        List<String> full = new ArrayList<>();
        if (isRoot()) {
            full.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        full.addAll(List.of(command));
        return full;
    }

    private static void run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IllegalStateException(command.get(isRoot() ? 4 : 0) + " failed: " + output);
        }
    }
}
