package app.syncboard.runbooks;

import app.syncboard.runbooks.RunbookStep.Kind;
import app.syncboard.runbooks.RunbookStep.OnFailure;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.representer.Representer;

/**
 * Runbooks as YAML, both ways: what an admin imports, edits on the runbook page and exports. Reading reports every
 * problem at once, each with its place in the document ({@code steps[2].timeout}); writing leaves out what is a
 * default, so that export, import, export gives the same text.
 */
public final class RunbookYaml {

    /** The longest runbook text accepted (the column holds 100,000 characters). */
    public static final int MAX_LENGTH = 100_000;

    static final int MAX_STEPS = 200;
    private static final int MAX_TEXT = 4000;
    private static final int MAX_NAME = 100;
    private static final int MAX_TITLE = 300;
    private static final Pattern DURATION = Pattern.compile("([0-9]{1,9})\\s*(s|m|h|d)");
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");

    private static final Set<String> TOP = Set.of("name", "description", "steps");
    private static final Set<String> COMMON = Set.of("title", "timeout", "on_failure");
    private static final Set<String> COMMAND_KEYS =
            Set.of("command", "host", "expect_exit", "output_matches", "changes");
    private static final Set<String> WAIT_KEYS =
            Set.of("command", "host", "expect_exit", "output_matches", "equals_output_of", "every", "changes");

    /** A problem at a place of the document. */
    public record Problem(String path, String message) {
        @Override
        public String toString() {
            return path.isEmpty() ? message : path + ": " + message;
        }
    }

    /** What was read: the runbook when there were no problems, else the problems (all of them). */
    public record Parsed(RunbookDefinition definition, List<Problem> problems) {
        public boolean ok() {
            return problems.isEmpty();
        }
    }

    private RunbookYaml() {}

    public static Parsed parse(String text) {
        List<Problem> problems = new ArrayList<>();
        if (text == null || text.isBlank()) {
            return new Parsed(null, List.of(new Problem("", "The runbook is empty; it needs a name and steps.")));
        }
        if (text.length() > MAX_LENGTH) {
            return new Parsed(
                    null,
                    List.of(new Problem(
                            "",
                            "The runbook is " + text.length() + " characters long; at most " + MAX_LENGTH
                                    + " are accepted.")));
        }
        Object document;
        try {
            LoaderOptions options = new LoaderOptions();
            options.setAllowDuplicateKeys(false);
            options.setMaxAliasesForCollections(10);
            document = new Yaml(new SafeConstructor(options)).load(text);
        } catch (MarkedYAMLException e) {
            String where = e.getProblemMark() == null
                    ? ""
                    : "line " + (e.getProblemMark().getLine() + 1) + ", column "
                            + (e.getProblemMark().getColumn() + 1);
            return new Parsed(null, List.of(new Problem(where, "Not valid YAML: " + e.getProblem())));
        } catch (YAMLException e) {
            return new Parsed(null, List.of(new Problem("", "Not valid YAML: " + firstLine(e.getMessage()))));
        }
        if (!(document instanceof Map<?, ?> top)) {
            return new Parsed(
                    null, List.of(new Problem("", "A runbook is a mapping with the keys name, description, steps.")));
        }
        unknownKeys(top, TOP, "", problems);
        String name = text(top, "name", "", true, MAX_NAME, problems);
        String description = text(top, "description", "", false, MAX_TEXT, problems);
        List<RunbookStep> steps = new ArrayList<>();
        Object list = top.get("steps");
        if (!(list instanceof List<?> items) || items.isEmpty()) {
            problems.add(new Problem("steps", "A runbook needs a list of at least one step."));
        } else if (items.size() > MAX_STEPS) {
            problems.add(new Problem("steps", "At most " + MAX_STEPS + " steps; this has " + items.size() + "."));
        } else {
            for (int i = 0; i < items.size(); i++) {
                RunbookStep step = step(items.get(i), "steps[" + i + "]", problems);
                if (step != null) {
                    steps.add(step);
                }
            }
        }
        if (!problems.isEmpty()) {
            return new Parsed(null, List.copyOf(problems));
        }
        return new Parsed(new RunbookDefinition(name, description, steps), List.of());
    }

    private static RunbookStep step(Object item, String path, List<Problem> problems) {
        if (!(item instanceof Map<?, ?> map)) {
            problems.add(new Problem(path, "A step is a mapping, such as {title: ..., command: ...}."));
            return null;
        }
        List<Kind> kinds = new ArrayList<>();
        for (Kind kind : Kind.values()) {
            if (map.containsKey(kind.key())) {
                kinds.add(kind);
            }
        }
        if (kinds.size() != 1) {
            problems.add(new Problem(
                    path,
                    (kinds.isEmpty() ? "Say what the step does" : "Say only one thing the step does")
                            + " with one of the keys command, wait_until, manual, sync_job, role_switch, pause_jobs,"
                            + " resume_jobs, notify."));
            return null;
        }
        Kind kind = kinds.get(0);
        int before = problems.size();
        String title = text(map, "title", path, true, MAX_TITLE, problems);
        Duration timeout = duration(map, "timeout", path, problems);
        OnFailure onFailure = OnFailure.STOP;
        Object failure = map.get("on_failure");
        if (failure != null) {
            String value = String.valueOf(failure).strip().toLowerCase(Locale.ROOT);
            if (value.equals("stop") || value.equals("continue")) {
                onFailure = OnFailure.valueOf(value.toUpperCase(Locale.ROOT));
            } else {
                problems.add(new Problem(path + ".on_failure", "Either stop or continue, not '" + clip(value) + "'."));
            }
        }
        RunbookStep step = switch (kind) {
            case COMMAND -> {
                unknownKeys(map, union(COMMON, COMMAND_KEYS), path, problems);
                yield commandStep(kind, title, map, path, true, null, null, null, timeout, onFailure, problems);
            }
            case WAIT_UNTIL -> {
                unknownKeys(map, union(COMMON, Set.of("wait_until")), path, problems);
                String inner = path + ".wait_until";
                if (!(map.get("wait_until") instanceof Map<?, ?> wait)) {
                    problems.add(new Problem(
                            inner,
                            "A mapping with command, host, and what to wait for (expect_exit,"
                                    + " output_matches or equals_output_of)."));
                    yield null;
                }
                unknownKeys(wait, WAIT_KEYS, inner, problems);
                String compareHost = null;
                String compareCommand = null;
                Object other = wait.get("equals_output_of");
                if (other instanceof Map<?, ?> compare) {
                    String comparePath = inner + ".equals_output_of";
                    unknownKeys(compare, Set.of("host", "command"), comparePath, problems);
                    compareHost = host(compare, "host", comparePath, problems);
                    compareCommand = text(compare, "command", comparePath, true, MAX_TEXT, problems);
                } else if (other != null) {
                    problems.add(new Problem(
                            inner + ".equals_output_of",
                            "A mapping with host and command: the other side's"
                                    + " command whose output must be the same."));
                }
                Duration every = duration(wait, "every", inner, problems);
                if (every != null && every.isZero()) {
                    problems.add(new Problem(inner + ".every", "At least 1s between two polls."));
                }
                yield commandStep(
                        kind,
                        title,
                        wait,
                        inner,
                        false,
                        compareHost,
                        compareCommand,
                        every,
                        timeout,
                        onFailure,
                        problems);
            }
            case MANUAL -> {
                unknownKeys(map, union(COMMON, Set.of("manual")), path, problems);
                yield plain(
                        kind,
                        title,
                        timeout,
                        onFailure,
                        text(map, "manual", path, true, MAX_TEXT, problems),
                        null,
                        null);
            }
            case SYNC_JOB -> {
                unknownKeys(map, union(COMMON, Set.of("sync_job")), path, problems);
                yield plain(
                        kind,
                        title,
                        timeout,
                        onFailure,
                        null,
                        text(map, "sync_job", path, true, MAX_NAME, problems),
                        null);
            }
            case NOTIFY -> {
                unknownKeys(map, union(COMMON, Set.of("notify")), path, problems);
                yield plain(
                        kind,
                        title,
                        timeout,
                        onFailure,
                        null,
                        null,
                        text(map, "notify", path, true, MAX_TEXT, problems));
            }
            case ROLE_SWITCH, PAUSE_JOBS, RESUME_JOBS -> {
                unknownKeys(map, union(COMMON, Set.of(kind.key())), path, problems);
                if (!Boolean.TRUE.equals(map.get(kind.key()))) {
                    problems.add(new Problem(path + "." + kind.key(), "Write " + kind.key() + ": true."));
                }
                yield plain(kind, title, timeout, onFailure, null, null, null);
            }
        };
        return problems.size() == before ? step : null;
    }

    /** A command or a wait-until: the keys both have, read from {@code map} at {@code path}. */
    private static RunbookStep commandStep(
            Kind kind,
            String title,
            Map<?, ?> map,
            String path,
            boolean changesByDefault,
            String compareHost,
            String compareCommand,
            Duration every,
            Duration timeout,
            OnFailure onFailure,
            List<Problem> problems) {
        return new RunbookStep(
                kind,
                title,
                host(map, "host", path, problems),
                text(map, "command", path, true, MAX_TEXT, problems),
                exits(map, path, problems),
                pattern(map, "output_matches", path, problems),
                compareHost,
                compareCommand,
                every,
                null,
                null,
                null,
                bool(map, "changes", path, changesByDefault, problems),
                timeout,
                onFailure);
    }

    /** A step without a command: at most its instructions, its job or its message. */
    private static RunbookStep plain(
            Kind kind,
            String title,
            Duration timeout,
            OnFailure onFailure,
            String instructions,
            String job,
            String message) {
        return new RunbookStep(
                kind,
                title,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                instructions,
                job,
                message,
                kind != Kind.MANUAL,
                timeout,
                onFailure);
    }

    /** The runbook as YAML, defaults left out. */
    public static String write(RunbookDefinition runbook) {
        Map<String, Object> top = new LinkedHashMap<>();
        top.put("name", runbook.name());
        if (runbook.description() != null && !runbook.description().isEmpty()) {
            top.put("description", runbook.description());
        }
        List<Object> steps = new ArrayList<>();
        for (RunbookStep step : runbook.steps()) {
            Map<String, Object> map = new LinkedHashMap<>();
            map.put("title", step.title());
            switch (step.kind()) {
                case COMMAND -> {
                    map.put("command", step.command());
                    map.put("host", step.host());
                    putExits(map, step);
                    if (step.outputMatches() != null) {
                        map.put("output_matches", step.outputMatches());
                    }
                    if (!step.changes()) {
                        map.put("changes", false);
                    }
                }
                case WAIT_UNTIL -> {
                    Map<String, Object> wait = new LinkedHashMap<>();
                    wait.put("command", step.command());
                    wait.put("host", step.host());
                    putExits(wait, step);
                    if (step.outputMatches() != null) {
                        wait.put("output_matches", step.outputMatches());
                    }
                    if (step.compareCommand() != null) {
                        Map<String, Object> compare = new LinkedHashMap<>();
                        compare.put("host", step.compareHost());
                        compare.put("command", step.compareCommand());
                        wait.put("equals_output_of", compare);
                    }
                    if (step.every() != null) {
                        wait.put("every", durationText(step.every()));
                    }
                    if (step.changes()) {
                        wait.put("changes", true);
                    }
                    map.put("wait_until", wait);
                }
                case MANUAL -> map.put("manual", step.instructions());
                case SYNC_JOB -> map.put("sync_job", step.job());
                case NOTIFY -> map.put("notify", step.message());
                case ROLE_SWITCH, PAUSE_JOBS, RESUME_JOBS -> map.put(step.kind().key(), true);
            }
            if (step.timeout() != null) {
                map.put("timeout", durationText(step.timeout()));
            }
            if (step.onFailure() == OnFailure.CONTINUE) {
                map.put("on_failure", "continue");
            }
            steps.add(map);
        }
        top.put("steps", steps);
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        options.setIndent(2);
        options.setIndicatorIndent(0);
        options.setWidth(120);
        options.setSplitLines(false);
        return new Yaml(new Representer(options), options).dump(top);
    }

    private static void putExits(Map<String, Object> map, RunbookStep step) {
        if (!step.exitCodes().equals(List.of(0))) {
            map.put(
                    "expect_exit",
                    step.exitCodes().size() == 1 ? step.exitCodes().get(0) : step.exitCodes());
        }
    }

    /** {@code 90s}, {@code 10m}, {@code 2h}, {@code 1d}: the largest unit that says it exactly. */
    public static String durationText(Duration duration) {
        long seconds = duration.toSeconds();
        if (seconds > 0 && seconds % 86400 == 0) {
            return seconds / 86400 + "d";
        }
        if (seconds > 0 && seconds % 3600 == 0) {
            return seconds / 3600 + "h";
        }
        if (seconds > 0 && seconds % 60 == 0) {
            return seconds / 60 + "m";
        }
        return seconds + "s";
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new java.util.HashSet<>(a);
        all.addAll(b);
        return all;
    }

    private static void unknownKeys(Map<?, ?> map, Set<String> allowed, String path, List<Problem> problems) {
        for (Object key : map.keySet()) {
            if (key instanceof Boolean) {
                problems.add(new Problem(
                        join(path, String.valueOf(key)),
                        "A key YAML reads as " + key + " (it reads on, off, yes and no so); the keys here are "
                                + String.join(", ", new java.util.TreeSet<>(allowed)) + "."));
            } else if (!(key instanceof String name) || !allowed.contains(name)) {
                problems.add(new Problem(
                        join(path, clip(String.valueOf(key))),
                        "Unknown key; the keys here are " + String.join(", ", new java.util.TreeSet<>(allowed)) + "."));
            }
        }
    }

    private static String text(
            Map<?, ?> map, String key, String path, boolean required, int max, List<Problem> problems) {
        Object value = map.get(key);
        if (value == null) {
            if (required) {
                problems.add(new Problem(join(path, key), "Required."));
            }
            return null;
        }
        if (value instanceof Map || value instanceof List) {
            problems.add(new Problem(join(path, key), "A text, not a list or mapping."));
            return null;
        }
        String text = String.valueOf(value).strip();
        if (required && text.isEmpty()) {
            problems.add(new Problem(join(path, key), "Required."));
            return null;
        }
        if (text.length() > max) {
            problems.add(new Problem(join(path, key), "At most " + max + " characters; this has " + text.length()));
            return null;
        }
        if (text.indexOf('\0') >= 0) {
            problems.add(new Problem(join(path, key), "A NUL character is not allowed."));
            return null;
        }
        return text;
    }

    private static String host(Map<?, ?> map, String key, String path, List<Problem> problems) {
        String value = text(map, key, path, true, MAX_NAME, problems);
        if (value != null && !HOST.matcher(value).matches()) {
            problems.add(
                    new Problem(join(path, key), "primary, standby or the name of a host, not '" + clip(value) + "'."));
            return null;
        }
        return value;
    }

    private static List<Integer> exits(Map<?, ?> map, String path, List<Problem> problems) {
        Object value = map.get("expect_exit");
        if (value == null) {
            return null;
        }
        List<?> values = value instanceof List<?> list ? list : List.of(value);
        List<Integer> codes = new ArrayList<>();
        for (Object code : values) {
            if (code instanceof Integer number && number >= 0 && number <= 255) {
                codes.add(number);
            } else {
                problems.add(new Problem(
                        join(path, "expect_exit"),
                        "Exit codes from 0 to 255, not '" + clip(String.valueOf(code)) + "'."));
                return null;
            }
        }
        if (codes.isEmpty()) {
            problems.add(new Problem(join(path, "expect_exit"), "At least one exit code."));
        }
        return codes;
    }

    private static String pattern(Map<?, ?> map, String key, String path, List<Problem> problems) {
        String value = text(map, key, path, false, 1000, problems);
        if (value != null) {
            try {
                Pattern.compile(value);
            } catch (PatternSyntaxException e) {
                problems.add(new Problem(
                        join(path, key), "Not a regular expression: " + firstLine(e.getDescription()) + "."));
                return null;
            }
        }
        return value;
    }

    private static boolean bool(Map<?, ?> map, String key, String path, boolean fallback, List<Problem> problems) {
        Object value = map.get(key);
        if (value == null) {
            return fallback;
        }
        if (value instanceof Boolean flag) {
            return flag;
        }
        problems.add(new Problem(join(path, key), "true or false."));
        return fallback;
    }

    private static Duration duration(Map<?, ?> map, String key, String path, List<Problem> problems) {
        Object value = map.get(key);
        if (value == null) {
            return null;
        }
        Duration duration = parseDuration(String.valueOf(value));
        if (duration == null) {
            problems.add(new Problem(
                    join(path, key),
                    "A duration such as 30s, 10m, 2h or 1d, not '" + clip(String.valueOf(value)) + "'."));
        } else if (duration.compareTo(Duration.ofDays(7)) > 0) {
            problems.add(new Problem(join(path, key), "At most 7d."));
            return null;
        }
        return duration;
    }

    /** {@code 30s}, {@code 10m}, {@code 2h}, {@code 1d}; null when the text is none of these. */
    static Duration parseDuration(String text) {
        Matcher matcher = DURATION.matcher(text.strip().toLowerCase(Locale.ROOT));
        if (!matcher.matches()) {
            return null;
        }
        long amount = Long.parseLong(matcher.group(1));
        return switch (matcher.group(2)) {
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            default -> Duration.ofDays(amount);
        };
    }

    private static String join(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    private static String clip(String text) {
        String one = text.replaceAll("\\p{Cntrl}", "?");
        return one.length() > 60 ? one.substring(0, 60) + "…" : one;
    }

    private static String firstLine(String text) {
        if (text == null) {
            return "";
        }
        int newline = text.indexOf('\n');
        return newline < 0 ? text : text.substring(0, newline);
    }
}
