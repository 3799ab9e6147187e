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
 * play primary and standby now, the checks and steps around rsync, the deletion guard (null when this run is not
 * guarded, e.g. an approved one) and the retry policy.
 */
record RunPlan(
        List<RsyncCommand> commands,
        Duration timeout,
        Duration noOutputTimeout,
        Host primary,
        Host standby,
        String primaryBase,
        Hops.Route route,
        Preconditions checks,
        List<JobStep> steps,
        DeletionGuard guard,
        RetryPolicy retry) {

    RunPlan {
        commands = List.copyOf(commands);
        steps = List.copyOf(steps);
    }

    /** A plain rsync run: no checks, steps, guard or retries. */
    RunPlan(RsyncCommand command, Duration timeout, Duration noOutputTimeout) {
        this(
                List.of(command),
                timeout,
                noOutputTimeout,
                null,
                null,
                "/",
                null,
                Preconditions.NONE,
                List.of(),
                null,
                RetryPolicy.NONE);
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
