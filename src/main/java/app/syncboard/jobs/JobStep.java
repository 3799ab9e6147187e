package app.syncboard.jobs;

import org.springframework.data.relational.core.mapping.Table;

/**
 * A command a job runs on one side of its pair: a check before anything else, a pre-step before rsync, or a
 * post-step after it. The command is split into words ({@code CommandWords}) and run without a shell.
 *
 * @param expectedExit the exit code that counts as success (checks may expect another, such as 1)
 * @param always for a post-step: run even when rsync or a pre-step failed
 */
@Table("sync_job_step")
public record JobStep(Phase phase, Side side, String command, int expectedExit, boolean always) {

    public enum Phase {
        CHECK,
        PRE,
        POST
    }

    /** The pair's role, not a fixed host: after a role switch, "primary" is the new primary. */
    public enum Side {
        PRIMARY,
        STANDBY
    }

    /** The line as the job form shows it, e.g. {@code standby exit=1: pcs status} or {@code always primary: ...}. */
    public String text() {
        StringBuilder line = new StringBuilder();
        if (always) {
            line.append("always ");
        }
        line.append(side.name().toLowerCase(java.util.Locale.ROOT));
        if (expectedExit != 0) {
            line.append(" exit=").append(expectedExit);
        }
        return line.append(": ").append(command).toString();
    }
}
