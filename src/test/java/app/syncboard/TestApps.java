package app.syncboard;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** Starts the whole app as a process would, for tests that stop and start it again on the same database. */
public final class TestApps {

    private TestApps() {}

    /** On an H2 file database in {@code dir}, on a free port; {@code args} add to or override the defaults. */
    public static ConfigurableApplicationContext onH2(Path dir, String... args) {
        List<String> all = new ArrayList<>(List.of("--spring.datasource.url=jdbc:h2:file:" + dir.resolve("db")
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;CASE_INSENSITIVE_IDENTIFIERS=TRUE"));
        all.addAll(List.of(args));
        return start(all.toArray(String[]::new));
    }

    /** With the given arguments, on a free port. */
    public static ConfigurableApplicationContext start(String... args) {
        List<String> all = new ArrayList<>(List.of("--server.port=0"));
        all.addAll(List.of(args));
        return new SpringApplicationBuilder(SyncboardApplication.class).run(all.toArray(String[]::new));
    }
}
