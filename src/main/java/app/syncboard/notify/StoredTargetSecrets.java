package app.syncboard.notify;

import app.syncboard.hosts.Secrets;
import jakarta.annotation.PostConstruct;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** At start-up: the webhook secrets stored for notification targets can be read with the key that is set. */
@Component
class StoredTargetSecrets {

    private final JdbcClient jdbc;
    private final Secrets secrets;

    StoredTargetSecrets(JdbcClient jdbc, Secrets secrets) {
        this.jdbc = jdbc;
        this.secrets = secrets;
    }

    @PostConstruct
    void check() {
        secrets.checkStored(
                "webhook secrets",
                jdbc.sql("SELECT secret FROM notify_target WHERE secret IS NOT NULL")
                        .query(String.class)
                        .list());
    }
}
