package app.syncboard.demo;

import app.syncboard.hosts.Host;
import app.syncboard.hosts.Hosts;
import app.syncboard.hosts.Pair;
import app.syncboard.hosts.Pairs;
import app.syncboard.jobs.CronSchedule;
import app.syncboard.jobs.JobCatalog;
import app.syncboard.jobs.JobDefinition;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * With the {@code demo} profile only: a pair of two directories on this machine, the primary one filled
 * with sample files, and a job that syncs them every minute, so that real runs appear right away.
 */
@Component
@Profile("demo")
class DemoSetup implements ApplicationRunner {

    static final String PAIR = "demo";
    static final String JOB = "demo-files";
    private static final Logger log = LoggerFactory.getLogger(DemoSetup.class);

    private final DemoSettings settings;
    private final Hosts hosts;
    private final Pairs pairs;
    private final JobCatalog catalog;
    private final Clock clock;

    DemoSetup(DemoSettings settings, Hosts hosts, Pairs pairs, JobCatalog catalog, Clock clock) {
        this.settings = settings;
        this.hosts = hosts;
        this.pairs = pairs;
        this.catalog = catalog;
        this.clock = clock;
    }

    @Override
    @Transactional
    public void run(ApplicationArguments args) throws IOException {
        if (pairs.findByName(PAIR).isPresent()) {
            return;
        }
        Path root = settings.directory().toAbsolutePath().normalize();
        Path primary = root.resolve("primary");
        Path standby = root.resolve("standby");
        writeSampleFiles(primary);
        Files.createDirectories(standby);
        long local = hosts.findAll().stream()
                .filter(Host::isLocal)
                .findFirst()
                .orElseThrow()
                .id();
        Pair pair =
                pairs.save(Pair.create(PAIR, local, primary.toString(), local, standby.toString(), clock.instant()));
        catalog.create(new JobDefinition(
                JOB,
                pair.id(),
                List.of("/"),
                List.of("*.tmp"),
                true,
                CronSchedule.parse(settings.schedule(), CronSchedule.systemZone()),
                true));
        log.info(
                "Demo: pair \"{}\" syncs {} to {} with job \"{}\" ({})",
                PAIR,
                primary,
                standby,
                JOB,
                settings.schedule());
    }

    private static void writeSampleFiles(Path primary) throws IOException {
        Files.createDirectories(primary.resolve("home/alice"));
        Files.createDirectories(primary.resolve("etc"));
        Files.createDirectories(primary.resolve("var/spool/cron"));
        Files.writeString(primary.resolve("etc/hostname"), "primary.example.org\n");
        Files.writeString(primary.resolve("etc/motd"), "This is the primary of the syncboard demo pair.\n");
        Files.writeString(primary.resolve("home/alice/notes.txt"), "Edit me and watch the next run copy the change.\n");
        Files.writeString(primary.resolve("home/alice/report 2026.csv"), "month,files\n2026-01,120\n2026-02,135\n");
        Files.writeString(primary.resolve("var/spool/cron/root"), "30 4 * * * /root/scripts/backup.sh\n");
        Files.writeString(primary.resolve("scratch.tmp"), "excluded from the sync by the demo job\n");
    }
}
