package app.syncboard.hosts;

import java.time.Clock;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Saves pair edits; a change of sides is announced in the same transaction, so that jobs react with it. */
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
        return pairs.save(Pair.create(
                form.name().strip(),
                form.primaryHostId(),
                form.primaryPath(),
                form.standbyHostId(),
                form.standbyPath(),
                form.hop(),
                clock.instant()));
    }

    /** @return whether the sides changed (and the pair's schedules were therefore switched off) */
    @Transactional
    boolean update(Pair pair, PairForm form) {
        Pair saved = pairs.save(pair.update(
                form.name().strip(),
                form.primaryHostId(),
                form.primaryPath(),
                form.standbyHostId(),
                form.standbyPath(),
                form.hop(),
                clock.instant()));
        boolean moved = !saved.primaryHostId().equals(pair.primaryHostId())
                || !saved.standbyHostId().equals(pair.standbyHostId())
                || !Paths.normalized(saved.primaryPath()).equals(Paths.normalized(pair.primaryPath()))
                || !Paths.normalized(saved.standbyPath()).equals(Paths.normalized(pair.standbyPath()));
        if (moved) {
            events.publishEvent(new PairSidesChanged(saved.id()));
        }
        return moved;
    }
}
