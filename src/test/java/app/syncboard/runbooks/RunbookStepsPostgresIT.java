package app.syncboard.runbooks;

import app.syncboard.PostgresServer;
import app.syncboard.SyncboardTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The steps of runbooks on a real PostgreSQL server: the one-per-pair lock (a refused insert there aborts its
 * transaction), the conditional moves between states, the generated execution ids.
 */
@SyncboardTest
class RunbookStepsPostgresIT extends RunbookStepsIT {

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        String url = PostgresServer.get().newDatabase();
        registry.add("spring.datasource.url", () -> url);
        registry.add("spring.datasource.username", () -> "postgres");
        registry.add("spring.datasource.password", () -> "");
    }
}
