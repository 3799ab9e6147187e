package app.syncboard.runs;

import java.time.Duration;
import java.time.Instant;
import org.springframework.data.annotation.Id;
import org.springframework.data.relational.core.mapping.Column;
import org.springframework.data.relational.core.mapping.Table;

/** One execution of a sync job. Times are UTC instants. */
@Table("sync_run")
public record Run(
        @Id Long id,
        Long jobId,
        RunStatus status,
        @Column("trigger_type") RunTrigger trigger,
        String triggeredBy,
        String node,
        Instant queuedAt,
        Instant startedAt,
        Instant finishedAt,
        Integer exitCode,
        String message,
        String commandLine) {

    static final int MAX_MESSAGE = 2000;
    static final int MAX_COMMAND_LINE = 16000;

    static Run queued(long jobId, RunTrigger trigger, String triggeredBy, String node, Instant now) {
        return new Run(null, jobId, RunStatus.QUEUED, trigger, triggeredBy, node, now, null, null, null, null, null);
    }

    Run skipped(Instant now, String reason) {
        return new Run(
                id,
                jobId,
                RunStatus.SKIPPED,
                trigger,
                triggeredBy,
                node,
                queuedAt,
                null,
                now,
                null,
                clip(reason, MAX_MESSAGE),
                commandLine);
    }

    Run started(Instant now, String command) {
        return new Run(
                id,
                jobId,
                RunStatus.RUNNING,
                trigger,
                triggeredBy,
                node,
                queuedAt,
                now,
                null,
                null,
                null,
                clip(command, MAX_COMMAND_LINE));
    }

    Run finished(RunStatus outcome, Integer exit, Instant now, String why) {
        return new Run(
                id,
                jobId,
                outcome,
                trigger,
                triggeredBy,
                node,
                queuedAt,
                startedAt,
                now,
                exit,
                clip(why, MAX_MESSAGE),
                commandLine);
    }

    public boolean isActive() {
        return status.isActive();
    }

    /** How long it ran: up to {@code now} while running, empty when it never started. */
    public Duration duration(Instant now) {
        if (startedAt == null) {
            return null;
        }
        return Duration.between(startedAt, finishedAt == null ? now : finishedAt);
    }

    private static String clip(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }
}
