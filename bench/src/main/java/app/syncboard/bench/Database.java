package app.syncboard.bench;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;

/** The database the app runs on during one bench: the generator writes to it, the app is pointed at it. */
interface Database extends AutoCloseable {

    /** The options of the app's own H2 URL (src/main/resources/application.yml), which its SQL relies on. */
    String H2_OPTIONS =
            ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;CASE_INSENSITIVE_IDENTIFIERS=TRUE;DEFAULT_NULL_ORDERING=HIGH";

    String url();

    String user();

    /** A connection for bulk writes (PostgreSQL: with batched inserts rewritten into multi-row ones). */
    Connection connect() throws SQLException;

    /**
     * Brings the planner's statistics up to date after the bulk load, as the database's own upkeep (H2's automatic
     * ANALYZE, PostgreSQL's autovacuum) would in a few minutes of use.
     */
    void analyze(Connection db) throws SQLException;

    default List<String> appArguments() {
        return List.of(
                "--spring.datasource.url=" + url(),
                "--spring.datasource.username=" + user(),
                "--spring.datasource.password=");
    }

    @Override
    void close();

    /** An embedded H2 file database in {@code directory}, opened by one process at a time. */
    static Database h2(Path directory) {
        return new Database() {
            @Override
            public String url() {
                return "jdbc:h2:file:" + directory.resolve("syncboard").toAbsolutePath() + H2_OPTIONS;
            }

            @Override
            public String user() {
                return "sa";
            }

            @Override
            public Connection connect() throws SQLException {
                return DriverManager.getConnection(url(), user(), "");
            }

            @Override
            public void analyze(Connection db) throws SQLException {
                Jdbc.execute(db, "ANALYZE");
            }

            @Override
            public void close() {}
        };
    }
}
