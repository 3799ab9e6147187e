package app.syncboard.jobs;

import app.syncboard.hosts.CommandWords;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.BiConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks and steps as the job form takes them, one per line: {@code [always] primary|standby [exit=N]: command}.
 * The command is split into words here, so that a line that could not be run is refused when it is typed.
 */
final class StepLines {

    static final int MAX_STEPS = 20;

    private static final Pattern LINE =
            Pattern.compile("(?i)(always\\s+)?(primary|standby)(?:\\s+exit\\s*=\\s*([0-9]{1,3}))?\\s*:\\s*(.*)");

    private StepLines() {}

    /**
     * @param problems receives each problem with its 1-based line number
     * @return the steps of the lines without problems
     */
    static List<JobStep> parse(JobStep.Phase phase, String text, BiConsumer<Integer, String> problems) {
        List<JobStep> steps = new ArrayList<>();
        List<String> lines = JobForm.lines(text);
        if (lines.size() > MAX_STEPS) {
            problems.accept(MAX_STEPS + 1, "use at most " + MAX_STEPS + " lines.");
            return steps;
        }
        for (int i = 0; i < lines.size(); i++) {
            Matcher m = LINE.matcher(lines.get(i));
            if (!m.matches()) {
                problems.accept(
                        i + 1, "start the line with primary: or standby:, e.g. \"primary: mountpoint -q /srv\".");
                continue;
            }
            boolean always = m.group(1) != null;
            if (always && phase != JobStep.Phase.POST) {
                problems.accept(i + 1, "\"always\" is for post-steps only.");
                continue;
            }
            int exit = m.group(3) == null ? 0 : Integer.parseInt(m.group(3));
            if (exit > 255) {
                problems.accept(i + 1, "an exit code is between 0 and 255.");
                continue;
            }
            if (exit != 0 && phase != JobStep.Phase.CHECK) {
                problems.accept(i + 1, "only checks may expect another exit code than 0.");
                continue;
            }
            String command = m.group(4).strip();
            try {
                CommandWords.split(command);
            } catch (CommandWords.Invalid e) {
                problems.accept(i + 1, e.getMessage());
                continue;
            }
            JobStep.Side side = JobStep.Side.valueOf(m.group(2).toUpperCase(Locale.ROOT));
            steps.add(new JobStep(phase, side, command, exit, always));
        }
        return steps;
    }

    static String text(List<JobStep> steps) {
        return String.join("\n", steps.stream().map(JobStep::text).toList());
    }
}
