package app.syncboard.runs;

import app.syncboard.hosts.SshFailure;
import app.syncboard.jobs.RetryPolicy;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * Which failed runs are tried again, and when. A connection failure (ssh could not connect or lost the link: rsync
 * 255, 12 or 10, or syncboard's own SSH session refused, timed out or dropped) and a time limit (TIMED_OUT, rsync
 * 30 or 35) pass by themselves; anything else (a missing path, a full disk, a failed pre-step, a rejected key, a
 * changed host key) would fail again the same way.
 */
@Component
class Retries {

    private static final Set<Integer> CONNECTION_EXITS = Set.of(255, 12, 10);
    private static final Set<Integer> TIMEOUT_EXITS = Set.of(30, 35);
    /** What ssh prints when waiting would not help, though rsync reports it with a connection exit code. */
    private static final List<String> LASTING =
            List.of("Host key verification failed", "Permission denied", "REMOTE HOST IDENTIFICATION HAS CHANGED");

    /** Whether an SSH failure of syncboard's own session may pass by itself. */
    static boolean passes(SshFailure.Kind kind) {
        return kind == SshFailure.Kind.CONNECTION_REFUSED
                || kind == SshFailure.Kind.TIMEOUT
                || kind == SshFailure.Kind.CONNECTION_LOST;
    }

    private final Clock clock;

    Retries(Clock clock) {
        this.clock = clock;
    }

    /** When the next attempt of {@code run} is due, or null when there is none. */
    Instant dueAt(
            Run run, RetryPolicy policy, RunStatus outcome, Integer exit, String message, boolean connectionLost) {
        if (run.attempt() > policy.attempts()) {
            return null;
        }
        boolean lasting = message != null && LASTING.stream().anyMatch(message::contains);
        boolean connection = outcome == RunStatus.FAILED
                && (connectionLost || (exit != null && CONNECTION_EXITS.contains(exit) && !lasting));
        boolean timeout = outcome == RunStatus.TIMED_OUT
                || (outcome == RunStatus.FAILED && exit != null && TIMEOUT_EXITS.contains(exit));
        if ((connection && policy.onConnection()) || (timeout && policy.onTimeout())) {
            return clock.instant().plus(policy.delayBefore(run.attempt() + 1));
        }
        return null;
    }
}
