package app.syncboard.runs;

import app.syncboard.PostgresServer;
import app.syncboard.SyncboardTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The missed-runs ledger (row lock, direct update, MISSED rows) on a real PostgreSQL server. */
@SyncboardTest
class MissedRunsPostgresIT extends MissedRunsIT {

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        String url = PostgresServer.get().newDatabase();
        registry.add("spring.datasource.url", () -> url);
        registry.add("spring.datasource.username", () -> "postgres");
        registry.add("spring.datasource.password", () -> "");
    }
}
