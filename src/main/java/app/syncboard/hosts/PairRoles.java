package app.syncboard.hosts;

import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Which host of a pair is the primary: a runbook's role switch turns the standby into the primary and pauses the
 * pair's jobs, and they stay paused until an operator confirms the new direction. Until then the first scheduled sync
 * after a failover cannot copy a stale old primary over the new one.
 */
@Service
public class PairRoles {

    private final Pairs pairs;
    private final Clock clock;

    PairRoles(Pairs pairs, Clock clock) {
        this.pairs = pairs;
        this.clock = clock;
    }

    /**
     * The standby becomes the primary and the old primary the standby; the pair is paused until
     * {@link #confirmDirection} is called.
     *
     * @return the pair as saved, with its new sides
     */
    @Transactional
    public Pair switchRoles(long pairId, String by) {
        Pair pair = pairs.findById(pairId).orElseThrow(() -> new IllegalArgumentException("No pair " + pairId));
        Instant now = clock.instant();
        String reason = "Roles switched by " + by + " at " + DateTimeFormatter.ISO_INSTANT.format(now)
                + "; confirm the new direction before the jobs sync again.";
        return pairs.save(pair.rolesSwitched(by, reason, now));
    }

    /**
     * An operator checked that the pair's jobs now copy the right way: the pause the role switch set ends (a pause
     * someone set after the switch stays).
     *
     * @param version the pair's version as the operator saw it
     * @return the pair as saved; empty when it changed since {@code version} or waits for no confirmation
     */
    @Transactional
    public Optional<Pair> confirmDirection(long pairId, long version) {
        Pair pair = pairs.findById(pairId).orElseThrow(() -> new IllegalArgumentException("No pair " + pairId));
        if (!pair.awaitsDirectionConfirmation() || pair.version() != version) {
            return Optional.empty();
        }
        return Optional.of(pairs.save(pair.directionConfirmed(clock.instant())));
    }

    /** The same, for the pair as it is now (a runbook step or a test that read it just before). */
    @Transactional
    public Pair confirmDirection(long pairId) {
        Pair pair = pairs.findById(pairId).orElseThrow(() -> new IllegalArgumentException("No pair " + pairId));
        return confirmDirection(pairId, pair.version()).orElse(pair);
    }

    /** No run of the pair's jobs starts, by schedule or by hand, until it is resumed. */
    @Transactional
    public Pair pauseJobs(long pairId, String reason) {
        Pair pair = pairs.findById(pairId).orElseThrow(() -> new IllegalArgumentException("No pair " + pairId));
        return pairs.save(pair.paused(reason, clock.instant()));
    }

    /**
     * Resumes the pair's jobs; refused while a role switch waits for its direction to be confirmed.
     *
     * @throws IllegalStateException when the new direction is not confirmed yet
     */
    @Transactional
    public Pair resumeJobs(long pairId) {
        Pair pair = pairs.findById(pairId).orElseThrow(() -> new IllegalArgumentException("No pair " + pairId));
        if (pair.awaitsDirectionConfirmation()) {
            throw new IllegalStateException("The roles of pair " + pair.name()
                    + " were switched and the new direction is not confirmed yet; confirm it on the dashboard.");
        }
        return pairs.save(pair.paused(null, clock.instant()));
    }
}
