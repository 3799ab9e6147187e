package app.syncboard.jobs;

import app.syncboard.hosts.Direction;
import app.syncboard.hosts.Paths;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.springframework.validation.Errors;

/** The job form as typed: paths and excludes one per line. */
public record JobForm(
        @NotBlank(message = "Enter a name.")
        @Size(max = 100, message = "Use at most 100 characters.")
        @Pattern(regexp = "[^\\p{Cntrl}]*", message = "Must not contain control characters.")
        String name,

        @NotNull(message = "Choose a pair.") Long pairId,
        String paths,
        String excludes,
        Boolean deleteExtraneous,
        String schedule,
        String timeZone,
        Boolean enabled,
        Direction direction,

        @Min(value = 1, message = "Use at least 1 minute, or leave empty for no limit.")
        @Max(value = MAX_LIMIT_MINUTES, message = "Use at most 10080 minutes (a week), or leave empty for no limit.")
        Integer timeoutMinutes,

        @Min(value = 1, message = "Use at least 1 minute, or leave empty for no limit.")
        @Max(value = MAX_LIMIT_MINUTES, message = "Use at most 10080 minutes (a week), or leave empty for no limit.")
        Integer noOutputTimeoutMinutes) {

    static final int MAX_LIMIT_MINUTES = 7 * 24 * 60;

    static final int MAX_PATHS = 200;
    static final int MAX_PATTERN_LENGTH = 1024;

    static JobForm empty(Long pairId, String zone) {
        return new JobForm("", pairId, "/", "", false, "0 3 * * *", zone, true, Direction.PUSH, null, null);
    }

    static JobForm of(SyncJob job) {
        return new JobForm(
                job.name(),
                job.pairId(),
                String.join("\n", job.pathList()),
                String.join("\n", job.excludeList()),
                job.deleteExtraneous(),
                job.schedule(),
                job.timeZone(),
                job.enabled(),
                job.direction(),
                job.timeout().map(d -> Math.toIntExact(d.toMinutes())).orElse(null),
                job.noOutputTimeout().map(d -> Math.toIntExact(d.toMinutes())).orElse(null));
    }

    /** Checks the fields bean validation cannot, rejecting each with a message for the user. */
    void check(Errors errors) {
        List<String> pathLines = pathLines(paths);
        if (pathLines.isEmpty()) {
            errors.rejectValue("paths", "empty", "Enter at least one absolute path, such as / or /home/.");
        } else if (pathLines.size() > MAX_PATHS) {
            errors.rejectValue("paths", "tooMany", "Use at most " + MAX_PATHS + " paths.");
        }
        for (int i = 0; i < pathLines.size(); i++) {
            int line = i + 1;
            Paths.problemWith(pathLines.get(i))
                    .ifPresent(p -> errors.rejectValue("paths", "path", "Line " + line + ": the path " + p + "."));
            int first = pathLines.indexOf(pathLines.get(i));
            if (first < i) {
                errors.rejectValue("paths", "repeated", "Line " + line + " repeats line " + (first + 1) + ".");
            }
        }
        List<String> patterns = lines(excludes);
        for (int i = 0; i < patterns.size(); i++) {
            String pattern = patterns.get(i);
            if (pattern.equals("!") || pattern.startsWith("+ ") || pattern.startsWith("- ")) {
                // --exclude still reads these as rsync filter rules: "!" would clear every exclude before it.
                errors.rejectValue(
                        "excludes",
                        "rule",
                        "Line " + (i + 1) + ": write a plain pattern such as *.tmp;"
                                + " rsync rules starting with \"+ \", \"- \" or \"!\" are not accepted here.");
            } else if (pattern.length() > MAX_PATTERN_LENGTH || pattern.chars().anyMatch(Character::isISOControl)) {
                errors.rejectValue(
                        "excludes",
                        "pattern",
                        "Line " + (i + 1) + ": a pattern must be at most " + MAX_PATTERN_LENGTH
                                + " characters without control characters.");
            }
        }
        if (timeoutMinutes != null
                && noOutputTimeoutMinutes != null
                && noOutputTimeoutMinutes >= timeoutMinutes
                && !errors.hasFieldErrors("noOutputTimeoutMinutes")) {
            errors.rejectValue(
                    "noOutputTimeoutMinutes",
                    "longer",
                    "The no-output limit must be shorter than the time limit; otherwise it never stops a run.");
        }
        try {
            CronSchedule.toQuartz(schedule);
        } catch (CronSchedule.InvalidSchedule e) {
            errors.rejectValue("schedule", "cron", e.getMessage());
        }
        try {
            CronSchedule.zoneOf(timeZone);
        } catch (CronSchedule.InvalidSchedule e) {
            errors.rejectValue("timeZone", "zone", e.getMessage());
        }
        if (!errors.hasFieldErrors("schedule") && !errors.hasFieldErrors("timeZone")) {
            try {
                CronSchedule.parse(schedule, timeZone);
            } catch (CronSchedule.InvalidSchedule e) {
                errors.rejectValue("schedule", "never", e.getMessage());
            }
        }
    }

    /** Only after {@link #check} found nothing wrong. */
    JobDefinition toDefinition() {
        return new JobDefinition(
                name.strip(),
                pairId,
                pathLines(paths),
                lines(excludes),
                Boolean.TRUE.equals(deleteExtraneous),
                CronSchedule.parse(schedule, timeZone),
                Boolean.TRUE.equals(enabled),
                direction,
                timeoutMinutes == null ? null : Duration.ofMinutes(timeoutMinutes),
                noOutputTimeoutMinutes == null ? null : Duration.ofMinutes(noOutputTimeoutMinutes));
    }

    // A lone \r is a control character and rejected, but \r\n from a browser's textarea is a line break.
    /** The paths, with runs of slashes written as one ("/srv//data" is "/srv/data" to rsync too). */
    private static List<String> pathLines(String text) {
        return lines(text).stream().map(path -> path.replaceAll("/{2,}", "/")).toList();
    }

    private static List<String> lines(String text) {
        if (text == null) {
            return List.of();
        }
        return Arrays.stream(text.split("\r?\n"))
                .map(String::strip)
                .filter(line -> !line.isEmpty())
                .toList();
    }
}
