package app.syncboard.security;

import app.syncboard.SyncboardTest;
import java.util.UUID;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** {@link UserStoreContract} on H2, on a database of its own (where {@code admin} is the only admin). */
@SyncboardTest
class UserStoreIT extends UserStoreContract {

    @DynamicPropertySource
    static void ownDatabase(DynamicPropertyRegistry registry) {
        String url = "jdbc:h2:mem:users-" + UUID.randomUUID()
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;CASE_INSENSITIVE_IDENTIFIERS=TRUE;DEFAULT_NULL_ORDERING=HIGH;"
                + "DB_CLOSE_DELAY=-1";
        registry.add("spring.datasource.url", () -> url);
    }
}
