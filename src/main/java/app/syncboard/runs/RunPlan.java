package app.syncboard.runs;

import app.syncboard.hosts.Hops;
import app.syncboard.hosts.Host;
import app.syncboard.jobs.DeletionGuard;
import app.syncboard.jobs.JobStep;
import app.syncboard.jobs.Preconditions;
import app.syncboard.jobs.RetryPolicy;
import app.syncboard.jobs.RsyncCommand;
import java.time.Duration;
import java.util.List;

/**
 * What a run executes and under which rules: the rsync invocations, the limits (null: no limit), the hosts that
 * play primary and standby now, the pair's role marker file (null: none), the checks and steps around rsync, the
 * deletion guard (null when the job does not delete or has it off), what an operator approved (for a run that
 * carries out a BLOCKED run's deletions) and the retry policy.
 */
record RunPlan(
        List<RsyncCommand> commands,
        Duration timeout,
        Duration noOutputTimeout,
        Host primary,
        Host standby,
        String primaryBase,
        String roleMarkerPath,
        Hops.Route route,
        Preconditions checks,
        List<JobStep> steps,
        DeletionGuard guard,
        Approval approval,
        RetryPolicy retry) {

    /** The deletions an operator approved: those that BLOCKED run {@code runId} found. */
    record Approval(long runId, BlockedPaths.Blocked blocked) {}

    RunPlan {
        commands = List.copyOf(commands);
        steps = List.copyOf(steps);
    }

    Host hostOf(JobStep.Side side) {
        return side == JobStep.Side.PRIMARY ? primary : standby;
    }

    List<JobStep> steps(JobStep.Phase phase) {
        return steps.stream().filter(step -> step.phase() == phase).toList();
    }

    String display() {
        return RsyncCommand.display(commands);
    }
}
