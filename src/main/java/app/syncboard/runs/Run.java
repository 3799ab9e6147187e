package app.syncboard.runs;

import java.time.Duration;
import java.time.Instant;
import org.springframework.data.annotation.Id;
import org.springframework.data.relational.core.mapping.Column;
import org.springframework.data.relational.core.mapping.Embedded;
import org.springframework.data.relational.core.mapping.Table;

/**
 * One execution of a sync job. Times are UTC instants. A retry is a run of its own: {@code attempt} counts from 1
 * and {@code firstRunId} names the first attempt; {@code retryDueAt} is set on a failed run while a retry follows.
 * A BLOCKED run that an operator approved names the run that carried out the deletions in {@code approvedRunId}.
 */
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
        String commandLine,
        @Embedded.Nullable RsyncStats stats,
        int attempt,
        Long firstRunId,
        Instant retryDueAt,
        String approvedBy,
        Long approvedRunId) {

    static final int MAX_MESSAGE = 2000;
    static final int MAX_COMMAND_LINE = 16000;

    /** A run as the tests and older callers build it: the first attempt, no figures. */
    public Run(
            Long id,
            Long jobId,
            RunStatus status,
            RunTrigger trigger,
            String triggeredBy,
            String node,
            Instant queuedAt,
            Instant startedAt,
            Instant finishedAt,
            Integer exitCode,
            String message,
            String commandLine) {
        this(
                id,
                jobId,
                status,
                trigger,
                triggeredBy,
                node,
                queuedAt,
                startedAt,
                finishedAt,
                exitCode,
                message,
                commandLine,
                null,
                1,
                null,
                null,
                null,
                null);
    }

    static Run queued(long jobId, RunTrigger trigger, String triggeredBy, String node, Instant now) {
        return new Run(null, jobId, RunStatus.QUEUED, trigger, triggeredBy, node, now, null, null, null, null, null);
    }

    /** Attempt {@code attempt} of the run {@code firstRunId}. */
    Run retryOf(long first, int number) {
        return new Run(
                id,
                jobId,
                status,
                trigger,
                triggeredBy,
                node,
                queuedAt,
                startedAt,
                finishedAt,
                exitCode,
                message,
                commandLine,
                stats,
                number,
                first,
                retryDueAt,
                approvedBy,
                approvedRunId);
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
                commandLine,
                stats,
                attempt,
                firstRunId,
                retryDueAt,
                approvedBy,
                approvedRunId);
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
                clip(command, MAX_COMMAND_LINE),
                stats,
                attempt,
                firstRunId,
                retryDueAt,
                approvedBy,
                approvedRunId);
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
                commandLine,
                stats,
                attempt,
                firstRunId,
                retryDueAt,
                approvedBy,
                approvedRunId);
    }

    Run withStats(RsyncStats figures) {
        return new Run(
                id,
                jobId,
                status,
                trigger,
                triggeredBy,
                node,
                queuedAt,
                startedAt,
                finishedAt,
                exitCode,
                message,
                commandLine,
                figures == null || figures.isEmpty() ? null : figures,
                attempt,
                firstRunId,
                retryDueAt,
                approvedBy,
                approvedRunId);
    }

    Run retryDue(Instant at) {
        return new Run(
                id,
                jobId,
                status,
                trigger,
                triggeredBy,
                node,
                queuedAt,
                startedAt,
                finishedAt,
                exitCode,
                message,
                commandLine,
                stats,
                attempt,
                firstRunId,
                at,
                approvedBy,
                approvedRunId);
    }

    /** Who or what started it, as the pages say it: "schedule", "manual by alice", "retry (attempt 2)". */
    public String triggerText() {
        return switch (trigger) {
            case SCHEDULE -> "schedule";
            case CATCH_UP -> "catch-up of missed runs";
            case RETRY -> "retry (attempt " + attempt + ")";
            case APPROVAL -> "approved by " + triggeredBy;
            case RUNBOOK -> "runbook step by " + triggeredBy;
            case MANUAL, API -> trigger.name().toLowerCase(java.util.Locale.ROOT) + " by " + triggeredBy;
        };
    }

    public boolean isActive() {
        return status.isActive();
    }

    /** The first attempt of the runs this one belongs to (itself when it is the first). */
    public long firstAttemptId() {
        return firstRunId == null ? id : firstRunId;
    }

    /** How long it ran: up to {@code now} while running, empty when it never started. */
    public Duration duration(Instant now) {
        if (startedAt == null) {
            return null;
        }
        return Duration.between(startedAt, finishedAt == null ? now : finishedAt);
    }

    /** At most {@code max} chars, the last one "…" when it was cut; never half of a character outside the BMP. */
    static String clip(String text, int max) {
        if (text == null || text.length() <= max) {
            return text;
        }
        int end = max - 1;
        if (Character.isHighSurrogate(text.charAt(end - 1))) {
            end--;
        }
        return text.substring(0, end) + "…";
    }
}
