package app.syncboard.security;

import app.syncboard.PostgresServer;
import app.syncboard.SyncboardTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** {@link UserStoreContract} on a real PostgreSQL server. */
@SyncboardTest
class UserStorePostgresIT extends UserStoreContract {

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        String url = PostgresServer.get().newDatabase();
        registry.add("spring.datasource.url", () -> url);
        registry.add("spring.datasource.username", () -> "postgres");
        registry.add("spring.datasource.password", () -> "");
    }
}
