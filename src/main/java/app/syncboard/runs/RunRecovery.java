package app.syncboard.runs;

import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/**
 * At start-up, before the scheduler fires anything: runs this node left QUEUED or RUNNING when it died
 * become INTERRUPTED, and their job locks are released.
 */
@Component
class RunRecovery implements SmartInitializingSingleton {

    private static final Logger log = LoggerFactory.getLogger(RunRecovery.class);

    private final Runs runs;
    private final JobLocks locks;
    private final RunSettings settings;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    RunRecovery(Runs runs, JobLocks locks, RunSettings settings, ApplicationEventPublisher events, Clock clock) {
        this.runs = runs;
        this.locks = locks;
        this.settings = settings;
        this.events = events;
        this.clock = clock;
    }

    @Override
    public void afterSingletonsInstantiated() {
        String node = settings.node();
        for (Run run : runs.activeOnNode(node)) {
            Run interrupted = runs.save(run.finished(
                    RunStatus.INTERRUPTED,
                    null,
                    clock.instant(),
                    "syncboard on " + node + " stopped before this run finished; its outcome is unknown."));
            log.warn(
                    "Run {} of job {} was left {} by a previous process; marked INTERRUPTED",
                    run.id(),
                    run.jobId(),
                    run.status());
            events.publishEvent(new RunFinished(interrupted));
        }
        int released = locks.releaseAllOf(node);
        if (released > 0) {
            log.warn("Released {} job lock(s) held by the previous process on {}", released, node);
        }
    }
}
