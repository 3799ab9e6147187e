package app.syncboard.hosts;

import java.time.Clock;
import java.time.Instant;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Saves pair edits, pauses and resumes; a change of sides is announced in the same transaction, so that jobs react
 * with it.
 */
@Service
class PairEditor {

    private final Pairs pairs;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    PairEditor(Pairs pairs, ApplicationEventPublisher events, Clock clock) {
        this.pairs = pairs;
        this.events = events;
        this.clock = clock;
    }

    @Transactional
    Pair create(PairForm form) {
        Instant now = clock.instant();
        return pairs.save(Pair.create(
                        form.name().strip(),
                        form.primaryHostId(),
                        form.primaryPath(),
                        form.standbyHostId(),
                        form.standbyPath(),
                        form.hop(),
                        now)
                .withOneRunAtATime(form.oneRunAtATimeOn(), now)
                .withRoleMarkerPath(form.marker(), now));
    }

    /** @return whether the sides changed (and the pair's schedules were therefore switched off) */
    @Transactional
    boolean update(Pair pair, PairForm form) {
        Instant now = clock.instant();
        Pair saved = pairs.save(pair.update(
                        form.name().strip(),
                        form.primaryHostId(),
                        form.primaryPath(),
                        form.standbyHostId(),
                        form.standbyPath(),
                        form.hop(),
                        now)
                .withOneRunAtATime(form.oneRunAtATimeOn(), now)
                .withRoleMarkerPath(form.marker(), now));
        boolean moved = !saved.primaryHostId().equals(pair.primaryHostId())
                || !saved.standbyHostId().equals(pair.standbyHostId())
                || !Paths.normalized(saved.primaryPath()).equals(Paths.normalized(pair.primaryPath()))
                || !Paths.normalized(saved.standbyPath()).equals(Paths.normalized(pair.standbyPath()));
        if (moved) {
            events.publishEvent(new PairSidesChanged(saved.id()));
        }
        return moved;
    }

    /** From now on no run of the pair's jobs starts, by schedule or by hand, until it is resumed. */
    @Transactional
    Pair pause(Pair pair, String reason) {
        return pairs.save(pair.paused(reason, clock.instant()));
    }

    /** Ends a pause; not the one a role switch set, which {@link PairRoles#confirmDirection} ends. */
    @Transactional
    Pair resume(Pair pair) {
        if (pair.awaitsDirectionConfirmation()) {
            throw new IllegalStateException("Pair " + pair.id() + " waits for its new direction to be confirmed");
        }
        return pairs.save(pair.paused(null, clock.instant()));
    }
}
