package app.syncboard.demo;

import static org.assertj.core.api.Assertions.assertThat;

import app.syncboard.TestApps;
import app.syncboard.hosts.Pairs;
import app.syncboard.jobs.SyncJob;
import app.syncboard.jobs.SyncJobs;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

class DemoSetupIT {

    @Test
    void demoProfileCreatesAPairOfFilledDirectoriesAndAJobEveryMinute(@TempDir Path dir) {
        try (ConfigurableApplicationContext app = start(dir, "--spring.profiles.active=demo")) {
            SyncJob job = app.getBean(SyncJobs.class).findByName("demo-files").orElseThrow();
            assertThat(job.schedule()).isEqualTo("* * * * *");
            assertThat(job.enabled()).isTrue();
            assertThat(app.getBean(Pairs.class).findByName("demo").orElseThrow().primaryPath())
                    .isEqualTo(dir.resolve("demo/primary").toString());
            assertThat(dir.resolve("demo/primary/home/alice/notes.txt")).exists();
        }
        // A second start keeps what is there, without a second pair.
        try (ConfigurableApplicationContext app = start(dir, "--spring.profiles.active=demo")) {
            assertThat(app.getBean(Pairs.class).count()).isEqualTo(1);
        }
    }

    @Test
    void aProductionStartCreatesNoDemoObjects(@TempDir Path dir) {
        try (ConfigurableApplicationContext app = start(dir)) {
            assertThat(app.getBean(Pairs.class).count()).isZero();
            assertThat(app.getBean(SyncJobs.class).count()).isZero();
        }
        assertThat(dir.resolve("demo")).doesNotExist();
    }

    private static ConfigurableApplicationContext start(Path dir, String... extra) {
        List<String> args = new ArrayList<>(List.of(
                "--syncboard.demo.directory=" + dir.resolve("demo"), "--SYNCBOARD_ADMIN_PASSWORD=demo-test-password"));
        args.addAll(List.of(extra));
        return TestApps.onH2(dir, args.toArray(String[]::new));
    }
}
