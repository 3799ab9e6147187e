package app.syncboard;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * Like {@link SyncboardTest}, but the app serves real HTTP on a free port of 127.0.0.1 ({@code @LocalServerPort}):
 * for tests of what only a real connection shows (streams, outside programs such as check_curl).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "spring.datasource.url=jdbc:h2:mem:syncboard-${random.uuid};MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;"
                    + "CASE_INSENSITIVE_IDENTIFIERS=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1",
            "syncboard.node-name=test-node",
            "spring.quartz.scheduler-name=syncboard-test-${random.uuid}",
            "SYNCBOARD_ADMIN_PASSWORD=test-admin-password",
            "syncboard.ssh.known-hosts-dir=target/test-known-hosts",
            "server.address=127.0.0.1"
        })
public @interface SyncboardServerTest {}
