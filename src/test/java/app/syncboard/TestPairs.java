package app.syncboard;

import app.syncboard.hosts.Direction;
import app.syncboard.hosts.HopSettings;
import app.syncboard.hosts.Host;
import app.syncboard.hosts.HostKeys;
import app.syncboard.hosts.Hosts;
import app.syncboard.hosts.Pair;
import app.syncboard.hosts.Pairs;
import app.syncboard.jobs.CronSchedule;
import app.syncboard.jobs.DeletionGuard;
import app.syncboard.jobs.JobCatalog;
import app.syncboard.jobs.JobDefinition;
import app.syncboard.jobs.SyncJob;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Component;

/** Creates local pairs and jobs for tests through the same services the UI uses. */
@Component
public class TestPairs {

    private final Hosts hosts;
    private final Pairs pairs;
    private final JobCatalog catalog;

    public TestPairs(Hosts hosts, Pairs pairs, JobCatalog catalog) {
        this.hosts = hosts;
        this.pairs = pairs;
        this.catalog = catalog;
    }

    public Pair localPair(Path primary, Path standby) {
        long local = hosts.findAll().stream()
                .filter(Host::isLocal)
                .findFirst()
                .orElseThrow()
                .id();
        return pairs.save(Pair.create(
                "pair-" + UUID.randomUUID(), local, primary.toString(), local, standby.toString(), Instant.now()));
    }

    /** An SSH host whose host key is accepted: the server's key line ({@code type base64 [comment]}). */
    public Host sshHost(String address, int port, String user, Path keyFile, String hostKeyLine) {
        String key = HostKeys.parseKnownHostsLine(hostKeyLine).line();
        Host host = Host.ssh(
                "host-" + UUID.randomUUID(), address, port, user, keyFile.toString(), null, null, Instant.now());
        return hosts.save(new Host(
                null,
                host.name(),
                host.kind(),
                address,
                port,
                user,
                host.keyFile(),
                null,
                null,
                key,
                null,
                null,
                null,
                host.createdAt(),
                host.updatedAt()));
    }

    public Host localHost() {
        return hosts.findAll().stream().filter(Host::isLocal).findFirst().orElseThrow();
    }

    public Pair pair(Host primary, Path primaryPath, Host standby, Path standbyPath, HopSettings hop) {
        return pairs.save(Pair.create(
                "pair-" + UUID.randomUUID(),
                primary.id(),
                primaryPath.toString(),
                standby.id(),
                standbyPath.toString(),
                hop,
                Instant.now()));
    }

    /** The jobs of tests about other things copy with --delete and no dry run before (the guard has its tests). */
    public static final DeletionGuard NO_GUARD = new DeletionGuard(false, null, null);

    /** A job with every setting given; its schedule never fires during a test run. */
    public SyncJob job(
            Pair pair, List<String> paths, List<String> excludes, Direction direction, Duration noOutputTimeout) {
        return catalog.create(new JobDefinition(
                        "job-" + UUID.randomUUID(),
                        pair.id(),
                        paths,
                        excludes,
                        true,
                        CronSchedule.parse("0 3 1 1 *", "UTC"),
                        true,
                        direction,
                        null,
                        noOutputTimeout)
                .withGuard(NO_GUARD));
    }

    /** A job on the pair whose schedule never fires during a test run (1 January, 03:00). */
    public SyncJob job(Pair pair, String name, List<String> paths) {
        return catalog.create(
                new JobDefinition(name, pair.id(), paths, List.of(), true, CronSchedule.parse("0 3 1 1 *", "UTC"), true)
                        .withGuard(NO_GUARD));
    }

    public SyncJob job(Pair pair, List<String> paths) {
        return job(pair, "job-" + UUID.randomUUID(), paths);
    }
}
