package app.syncboard.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A PostgreSQL server of its own from Debian's binaries ({@code apt-get install postgresql}), as the app's tests start
 * one (src/test/java/app/syncboard/PostgresServer.java): a fresh cluster in a temporary directory, on a free loopback
 * port, stopped and removed by {@link #close}. PostgreSQL refuses to run as root, so as root it runs as the
 * {@code postgres} user through {@code runuser}. Durability is switched off (fsync, synchronous commit, full-page
 * writes), as in the tests: it speeds up the bulk load and does not change what reading a page costs.
 */
final class PostgresServer implements Database {

    private static final Path ROOT = Path.of("/usr/lib/postgresql");

    private final Path bin;
    private final Path data;
    private final int port;
    private final boolean keep;

    private PostgresServer(Path bin, Path data, int port, boolean keep) {
        this.bin = bin;
        this.data = data;
        this.port = port;
        this.keep = keep;
    }

    /** The newest installed server's bin directory; empty when there is none. */
    static Optional<Path> binaries() throws IOException {
        if (!Files.isDirectory(ROOT)) {
            return Optional.empty();
        }
        try (Stream<Path> versions = Files.list(ROOT)) {
            return versions.map(version -> version.resolve("bin"))
                    .filter(dir -> Files.isExecutable(dir.resolve("initdb")))
                    .max(Comparator.comparing(dir ->
                            Integer.parseInt(dir.getParent().getFileName().toString())));
        }
    }

    /**
     * Starts a server with an empty database {@code syncboard}; {@link Cleanup} stops it if the bench dies.
     *
     * @param keep leave the stopped cluster's files when closed (bench/run --keep)
     */
    static PostgresServer start(Path bin, boolean keep) throws IOException, InterruptedException, SQLException {
        // Not under the bench's work directory: the postgres user must be able to reach it.
        Path data = Files.createTempDirectory("syncboard-bench-pg");
        if (isRoot()) {
            run(List.of("chown", "postgres", data.toString()));
        }
        int port = Bench.freePort();
        PostgresServer server = Cleanup.register(new PostgresServer(bin, data, port, keep));
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
        try (Connection admin = DriverManager.getConnection(server.url("postgres"), "postgres", "")) {
            Jdbc.execute(admin, "CREATE DATABASE syncboard");
        }
        return server;
    }

    private String url(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    @Override
    public String url() {
        return url("syncboard");
    }

    @Override
    public String user() {
        return "postgres";
    }

    @Override
    public Connection connect() throws SQLException {
        return DriverManager.getConnection(url() + "?reWriteBatchedInserts=true", user(), "");
    }

    @Override
    public void analyze(Connection db) throws SQLException {
        Jdbc.execute(db, "VACUUM ANALYZE");
    }

    @Override
    public void close() {
        Cleanup.forget(this);
        try {
            run(asPostgres(
                    bin.resolve("pg_ctl").toString(), "-D", data.resolve("db").toString(), "-m", "fast", "stop"));
            if (keep) {
                System.out.println("Kept the PostgreSQL cluster (stopped) in " + data.resolve("db"));
            } else {
                Bench.delete(data);
            }
        } catch (IOException | InterruptedException | IllegalStateException e) {
            System.err.println("Could not stop PostgreSQL in " + data + ": " + e.getMessage());
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
            throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
        }
    }
}
