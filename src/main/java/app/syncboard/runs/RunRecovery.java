package app.syncboard.runs;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Locale;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/**
 * At start-up, before the scheduler fires anything: runs left QUEUED or RUNNING by a process that died become
 * INTERRUPTED, and their job locks are released. On the embedded H2 database only one process can have the
 * file open, so every active run is this node's leftover; on a shared database, only the runs recorded under
 * this node's name are (node names must be unique and stable there).
 */
@Component
class RunRecovery implements SmartInitializingSingleton {

    private static final Logger log = LoggerFactory.getLogger(RunRecovery.class);

    private final Runs runs;
    private final JobLocks locks;
    private final DataSource dataSource;
    private final RunSettings settings;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    RunRecovery(
            Runs runs,
            JobLocks locks,
            DataSource dataSource,
            RunSettings settings,
            ApplicationEventPublisher events,
            Clock clock) {
        this.runs = runs;
        this.locks = locks;
        this.dataSource = dataSource;
        this.settings = settings;
        this.events = events;
        this.clock = clock;
    }

    @Override
    public void afterSingletonsInstantiated() {
        String node = settings.node();
        boolean soleUser = isEmbeddedH2();
        for (Run run : soleUser ? runs.active() : runs.activeOnNode(node)) {
            Run interrupted = runs.save(run.finished(
                    RunStatus.INTERRUPTED,
                    null,
                    clock.instant(),
                    "syncboard on " + run.node() + " stopped before this run finished; its outcome is unknown."));
            log.warn(
                    "Run {} of job {} was left {} by a previous process; marked INTERRUPTED",
                    run.id(),
                    run.jobId(),
                    run.status());
            events.publishEvent(new RunFinished(interrupted));
        }
        int released = soleUser ? locks.releaseAll() : locks.releaseAllOf(node);
        if (released > 0) {
            log.warn("Released {} job lock(s) held by the previous process on {}", released, node);
        }
    }

    private boolean isEmbeddedH2() {
        try (Connection connection = dataSource.getConnection()) {
            String url = connection.getMetaData().getURL();
            return url.startsWith("jdbc:h2:")
                    && !url.startsWith("jdbc:h2:tcp:")
                    && !url.startsWith("jdbc:h2:ssl:")
                    && !url.toUpperCase(Locale.ROOT).contains("AUTO_SERVER=TRUE");
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read the database URL", e);
        }
    }
}
