package app.syncboard.runbooks;

import app.syncboard.hosts.Host;
import app.syncboard.hosts.Hosts;
import app.syncboard.hosts.Pair;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A step as the runbook and execution pages show it: its kind, where it runs (with the host that is the pair's
 * primary or standby now), the command line it runs ({@code code}, null for none), what it does or waits for in words
 * ({@code text}, headed {@code label}), whether a rehearsal runs it, its time limit and its failure policy.
 */
record StepText(
        int number,
        String kind,
        String title,
        String where,
        String code,
        String label,
        String text,
        boolean readOnly,
        String timeLimit,
        boolean continueOnFailure) {

    /** The steps of the definition, numbered from 1; an empty list for none. */
    static List<StepText> of(RunbookDefinition definition, Pair pair, Hosts hosts) {
        if (definition == null) {
            return List.of();
        }
        Places places = new Places(pair, name(hosts, pair.primaryHostId()), name(hosts, pair.standbyHostId()));
        List<StepText> steps = new ArrayList<>();
        for (int i = 0; i < definition.steps().size(); i++) {
            steps.add(of(i + 1, definition.steps().get(i), places));
        }
        return List.copyOf(steps);
    }

    private record Places(Pair pair, String primary, String standby) {
        String host(String host) {
            return switch (host) {
                case "primary" -> "primary (now " + primary + ")";
                case "standby" -> "standby (now " + standby + ")";
                default -> host;
            };
        }
    }

    private static StepText of(int number, RunbookStep step, Places places) {
        String pairName = "pair " + places.pair().name();
        String where;
        String code = null;
        String label = "What";
        String text;
        switch (step.kind()) {
            case COMMAND -> {
                where = places.host(step.host());
                code = step.command();
                label = "Succeeds with";
                text = expectation(step);
            }
            case WAIT_UNTIL -> {
                where = places.host(step.host());
                code = step.command();
                label = "Waits until";
                text = (step.compareCommand() != null
                                ? "its output equals that of " + step.compareCommand() + " on "
                                        + places.host(step.compareHost())
                                : expectation(step))
                        + "; it runs it every " + RunbookYaml.durationText(step.pollEvery()) + ".";
            }
            case MANUAL -> {
                where = "a person, who clicks Done";
                label = "Instructions";
                text = step.instructions();
            }
            case SYNC_JOB -> {
                where = pairName;
                text = "Runs job " + step.job() + " and waits for its result.";
            }
            case ROLE_SWITCH -> {
                where = pairName;
                text = "The standby becomes the primary; the pair's jobs stay paused until someone confirms the new"
                        + " direction.";
            }
            case PAUSE_JOBS -> {
                where = pairName;
                text = "Pauses the pair's jobs: no run starts, by schedule or by hand.";
            }
            case RESUME_JOBS -> {
                where = pairName;
                text = "Resumes the pair's jobs.";
            }
            case NOTIFY -> {
                where = "the notification targets that take failover notices";
                label = "Message";
                text = step.message();
            }
            default -> throw new IllegalStateException("Unknown step kind " + step.kind());
        }
        return new StepText(
                number,
                step.kind().label(),
                step.title(),
                where,
                code,
                label,
                text,
                step.readOnly(),
                timeLimit(step),
                step.onFailure() == RunbookStep.OnFailure.CONTINUE);
    }

    /** What a command must give to succeed, in words. */
    private static String expectation(RunbookStep step) {
        String exit = step.exitCodes().size() == 1
                ? "exit code " + step.exitCodes().get(0)
                : "exit code "
                        + step.exitCodes().stream()
                                .map(String::valueOf)
                                .collect(Collectors.joining(", "))
                                .replaceAll(", (\\d+)$", " or $1");
        String output = step.outputMatches() == null ? "" : " and output matching /" + step.outputMatches() + "/";
        return exit + output;
    }

    private static String timeLimit(RunbookStep step) {
        if (step.effectiveTimeout() == null) {
            return "none: it waits for a person";
        }
        return RunbookYaml.durationText(step.effectiveTimeout()) + (step.timeout() == null ? " (the default)" : "");
    }

    private static String name(Hosts hosts, Long hostId) {
        return hosts.findById(hostId).map(Host::name).orElse("host #" + hostId);
    }
}
