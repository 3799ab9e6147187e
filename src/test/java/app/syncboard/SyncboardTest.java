package app.syncboard;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;

/**
 * The whole app against its own in-memory H2 database (PostgreSQL mode, migrated by Flyway), with the real
 * Quartz JDBC job store and the real rsync. Classes with the same extra properties share one context.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(
        properties = {
            "spring.datasource.url=jdbc:h2:mem:syncboard-${random.uuid};MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;"
                    + "CASE_INSENSITIVE_IDENTIFIERS=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1",
            "syncboard.node-name=test-node",
            // Quartz keys its JDBC store's data source by scheduler name, JVM-wide: one name per cached context.
            "spring.quartz.scheduler-name=syncboard-test-${random.uuid}",
            "SYNCBOARD_ADMIN_PASSWORD=test-admin-password",
            "syncboard.ssh.known-hosts-dir=target/test-known-hosts"
        })
@AutoConfigureMockMvc
public @interface SyncboardTest {}
