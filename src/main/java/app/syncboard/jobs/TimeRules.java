package app.syncboard.jobs;

import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Optional;

/**
 * When a job's runs may start: inside its start window (none: at any time) and outside all its blackouts, both read
 * in the job's time zone.
 */
public record TimeRules(StartWindow window, List<Blackout> blackouts) {

    /** How many fire times {@link #neverFits} looks at before it gives up on finding one allowed. */
    static final int MAX_FIRE_TIMES_CHECKED = 50_000;

    private static final int BATCH = 1_000;

    public TimeRules {
        blackouts = blackouts == null ? List.of() : List.copyOf(blackouts);
    }

    /** Why a run may not start at {@code at} (a time in the job's zone), or empty when it may. */
    public Optional<String> refusal(ZonedDateTime at) {
        String zone = " (" + at.getZone().getId() + ").";
        if (window != null && !window.contains(at.toLocalTime())) {
            return Optional.of("Outside the start window " + window.text() + zone);
        }
        return blackouts.stream()
                .filter(blackout -> blackout.contains(at))
                .findFirst()
                .map(blackout -> "In the blackout period " + blackout.text() + zone);
    }

    /**
     * A message for the form when no fire time of {@code schedule} in the year after {@code from} may start, or empty
     * when one may. Looks at no more than {@value #MAX_FIRE_TIMES_CHECKED} fire times, so for a schedule that fires
     * more often than that in a year, "never" means "not in the first of them". A schedule that does not fire at all
     * in that year gets no message: the rules are not what stops it.
     */
    public Optional<String> neverFits(CronSchedule schedule, Instant from) {
        if (window == null && blackouts.isEmpty()) {
            return Optional.empty();
        }
        Instant yearLater = from.atZone(schedule.zone()).plusYears(1).toInstant();
        Instant cursor = from;
        boolean anyFireTime = false;
        for (int checked = 0; checked < MAX_FIRE_TIMES_CHECKED; ) {
            List<Instant> times = schedule.nextFireTimes(cursor, Math.min(BATCH, MAX_FIRE_TIMES_CHECKED - checked));
            for (Instant time : times) {
                if (time.isAfter(yearLater)) {
                    return anyFireTime ? Optional.of(neverFitsMessage()) : Optional.empty();
                }
                anyFireTime = true;
                if (refusal(time.atZone(schedule.zone())).isEmpty()) {
                    return Optional.empty();
                }
            }
            if (times.isEmpty()) {
                break;
            }
            checked += times.size();
            cursor = times.get(times.size() - 1);
        }
        return anyFireTime ? Optional.of(neverFitsMessage()) : Optional.empty();
    }

    private String neverFitsMessage() {
        if (blackouts.isEmpty()) {
            return "No run of this schedule in the next year falls inside the start window " + window.text()
                    + "; change the schedule or the window.";
        }
        if (window == null) {
            return "No run of this schedule in the next year falls outside the blackouts;"
                    + " change the schedule or the blackouts.";
        }
        return "No run of this schedule in the next year falls inside the start window and outside the blackouts;"
                + " change the schedule, the window or the blackouts.";
    }

    /** A start window or blackout that cannot be read; the message is fit to show next to the field. */
    public static final class InvalidTimeRule extends IllegalArgumentException {
        InvalidTimeRule(String message) {
            super(message);
        }
    }
}
