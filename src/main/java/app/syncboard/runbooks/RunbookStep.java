package app.syncboard.runbooks;

import java.time.Duration;
import java.util.List;

/**
 * One step of a runbook, as declared. Which fields apply depends on {@link #kind()}; the others are null.
 *
 * @param title what the step does, in the words the admin chose
 * @param host where a command runs: {@code primary} or {@code standby} (the pair's roles when the step runs, so after
 *     a role switch {@code primary} is the new primary) or the name of a host
 * @param command a shell command line (run as {@code sh -c} on the host); for a wait-until, the command polled
 * @param expectExit the exit codes that count as success (default 0)
 * @param outputMatches a regular expression the command's output must contain a match of; null for none
 * @param compareHost for a wait-until that compares outputs: where the second command runs
 * @param compareCommand for a wait-until that compares outputs: the command whose output must equal the first one's
 * @param every for a wait-until: the pause between two polls
 * @param instructions for a manual step: what the person does
 * @param job for a sync step: the name of one of the pair's jobs
 * @param message for a notification: the text sent
 * @param changes whether the step changes something (rehearsals do not run it); commands say so themselves
 * @param timeout how long the step may take; null for the kind's default
 * @param onFailure whether a failed step stops the execution or lets it go on
 */
public record RunbookStep(
        Kind kind,
        String title,
        String host,
        String command,
        List<Integer> expectExit,
        String outputMatches,
        String compareHost,
        String compareCommand,
        Duration every,
        String instructions,
        String job,
        String message,
        boolean changes,
        Duration timeout,
        OnFailure onFailure) {

    public enum Kind {
        COMMAND("command"),
        WAIT_UNTIL("wait_until"),
        MANUAL("manual"),
        SYNC_JOB("sync_job"),
        ROLE_SWITCH("role_switch"),
        PAUSE_JOBS("pause_jobs"),
        RESUME_JOBS("resume_jobs"),
        NOTIFY("notify");

        private final String key;

        Kind(String key) {
            this.key = key;
        }

        /** The key that introduces this kind of step in YAML. */
        public String key() {
            return key;
        }

        public String label() {
            return switch (this) {
                case COMMAND -> "Command";
                case WAIT_UNTIL -> "Wait until";
                case MANUAL -> "Manual step";
                case SYNC_JOB -> "Sync job";
                case ROLE_SWITCH -> "Role switch";
                case PAUSE_JOBS -> "Pause jobs";
                case RESUME_JOBS -> "Resume jobs";
                case NOTIFY -> "Notification";
            };
        }
    }

    public enum OnFailure {
        STOP,
        CONTINUE
    }

    /** Default time limits per kind, used when a step names none. */
    public static final Duration COMMAND_TIMEOUT = Duration.ofMinutes(10);

    public static final Duration WAIT_TIMEOUT = Duration.ofMinutes(30);
    public static final Duration SYNC_TIMEOUT = Duration.ofHours(6);
    public static final Duration DEFAULT_EVERY = Duration.ofSeconds(10);

    public RunbookStep {
        expectExit = expectExit == null ? null : List.copyOf(expectExit);
    }

    /** The time limit that applies: the step's own, else its kind's; null for a manual step (it waits for a person). */
    public Duration effectiveTimeout() {
        if (timeout != null) {
            return timeout;
        }
        return switch (kind) {
            case COMMAND, ROLE_SWITCH, PAUSE_JOBS, RESUME_JOBS, NOTIFY -> COMMAND_TIMEOUT;
            case WAIT_UNTIL -> WAIT_TIMEOUT;
            case SYNC_JOB -> SYNC_TIMEOUT;
            case MANUAL -> null;
        };
    }

    public List<Integer> exitCodes() {
        return expectExit == null || expectExit.isEmpty() ? List.of(0) : expectExit;
    }

    public Duration pollEvery() {
        return every == null ? DEFAULT_EVERY : every;
    }

    /** Whether a rehearsal may run this step for real: commands and waits that say they change nothing. */
    public boolean readOnly() {
        return switch (kind) {
            case COMMAND, WAIT_UNTIL -> !changes;
            default -> false;
        };
    }
}
