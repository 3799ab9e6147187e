package app.syncboard.hosts;

import jakarta.annotation.PostConstruct;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** At start-up: the pasted private keys and passphrases stored for hosts can be read with the key that is set. */
@Component
class StoredHostSecrets {

    private final JdbcClient jdbc;
    private final Secrets secrets;

    StoredHostSecrets(JdbcClient jdbc, Secrets secrets) {
        this.jdbc = jdbc;
        this.secrets = secrets;
    }

    @PostConstruct
    void check() {
        secrets.checkStored(
                "host private keys and passphrases",
                jdbc.sql("SELECT key_secret FROM host WHERE key_secret IS NOT NULL"
                                + " UNION ALL SELECT passphrase_secret FROM host WHERE passphrase_secret IS NOT NULL")
                        .query(String.class)
                        .list());
    }
}
