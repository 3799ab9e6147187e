package app.syncboard.runs;

import app.syncboard.PostgresServer;
import app.syncboard.SyncboardTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The clean-up's queries, batches and row locks on a real PostgreSQL server. */
@SyncboardTest
class RetentionPostgresIT extends RetentionIT {

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        String url = PostgresServer.get().newDatabase();
        registry.add("spring.datasource.url", () -> url);
        registry.add("spring.datasource.username", () -> "postgres");
        registry.add("spring.datasource.password", () -> "");
    }
}
