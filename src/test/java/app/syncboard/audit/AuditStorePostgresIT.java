package app.syncboard.audit;

import app.syncboard.PostgresServer;
import app.syncboard.audit.AuditTrail.AuditTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** {@link AuditStoreContract} on a real PostgreSQL server. */
@AuditTest
class AuditStorePostgresIT extends AuditStoreContract {

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        String url = PostgresServer.get().newDatabase();
        registry.add("spring.datasource.url", () -> url);
        registry.add("spring.datasource.username", () -> "postgres");
        registry.add("spring.datasource.password", () -> "");
    }
}
