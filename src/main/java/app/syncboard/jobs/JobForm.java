package app.syncboard.jobs;

import app.syncboard.hosts.Direction;
import app.syncboard.hosts.Paths;
import app.syncboard.jobs.SyncJob.JobPath;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.springframework.validation.Errors;

/** The job form as typed: paths, patterns, steps and extra arguments one per line. */
public record JobForm(
        @NotBlank(message = "Enter a name.")
        @Size(max = 100, message = "Use at most 100 characters.")
        @Pattern(regexp = "[^\\p{Cntrl}]*", message = "Must not contain control characters.")
        String name,

        @NotNull(message = "Choose a pair.") Long pairId,
        String paths,
        String includes,
        String excludes,
        Boolean deleteExtraneous,
        Boolean archive,
        Boolean checksum,
        Boolean compress,
        Boolean hardLinks,
        Boolean acls,
        Boolean xattrs,
        Boolean numericIds,
        Boolean partial,

        @Min(value = 1, message = "Use at least 1 KiB/s, or leave empty for no limit.")
        @Max(value = 100_000_000, message = "Use at most 100000000 KiB/s, or leave empty for no limit.")
        Integer bandwidthLimitKib,

        String extraArguments,
        String schedule,
        String timeZone,
        String startWindow,
        String blackouts,
        MissedRuns missedRuns,
        Boolean enabled,
        Direction direction,

        @Min(value = 1, message = "Use at least 1 minute, or leave empty for no limit.")
        @Max(value = MAX_LIMIT_MINUTES, message = "Use at most 10080 minutes (a week), or leave empty for no limit.")
        Integer timeoutMinutes,

        @Min(value = 1, message = "Use at least 1 minute, or leave empty for no limit.")
        @Max(value = MAX_LIMIT_MINUTES, message = "Use at most 10080 minutes (a week), or leave empty for no limit.")
        Integer noOutputTimeoutMinutes,

        @Min(value = 0, message = "Use 0 for no retries, or up to 10.")
        @Max(value = 10, message = "Use at most 10 retries.")
        Integer retryAttempts,

        @Min(value = 1, message = "Wait at least 1 second.")
        @Max(value = 86_400, message = "Wait at most 86400 seconds (a day).")
        Integer retryDelaySeconds,

        Boolean retryOnConnection,
        Boolean retryOnTimeout,
        Boolean checkPeerReachable,
        String sourceMarker,
        String checks,
        Boolean checkFailRun,
        String preSteps,
        String postSteps,
        Boolean guardEnabled,

        @Min(value = 0, message = "Use 0 or more files, or leave empty for no file limit.")
        Integer guardMaxFiles,

        @Min(value = 0, message = "Use a percentage from 0 to 100, or leave empty.")
        @Max(value = 100, message = "Use a percentage from 0 to 100, or leave empty.")
        Integer guardMaxPercent,

        @Min(value = 1, message = "Use at least 1 minute, or leave empty to derive it from the schedule.")
        @Max(value = MAX_MONITOR_MINUTES, message = "Use at most 525600 minutes (a year), or leave empty.")
        Integer monitorWarningMinutes,

        @Min(value = 1, message = "Use at least 1 minute, or leave empty to derive it from the schedule.")
        @Max(value = MAX_MONITOR_MINUTES, message = "Use at most 525600 minutes (a year), or leave empty.")
        Integer monitorCriticalMinutes,

        @Min(value = 1, message = "Keep runs at least 1 day, or leave empty for the default.")
        @Max(value = MAX_KEEP_DAYS, message = "Use at most 36500 days (100 years), or leave empty for the default.")
        Integer keepRunsDays,

        @Min(value = 1, message = "Keep logs at least 1 day, or leave empty for the default.")
        @Max(value = MAX_KEEP_DAYS, message = "Use at most 36500 days (100 years), or leave empty for the default.")
        Integer keepLogsDays) {

    static final int MAX_LIMIT_MINUTES = 7 * 24 * 60;
    static final int MAX_MONITOR_MINUTES = 365 * 24 * 60;
    static final int MAX_KEEP_DAYS = 36_500;

    static final int MAX_PATHS = 200;
    static final int MAX_PATTERNS = 200;
    static final int MAX_PATTERN_LENGTH = 1024;
    static final int MAX_EXTRA_ARGUMENTS = 30;
    // As wide as their columns.
    static final int MAX_EXTRA_TEXT = 4000;
    static final int MAX_BLACKOUT_TEXT = 2000;
    static final String MAPS_TO = " -> ";

    static JobForm empty(Long pairId, String zone) {
        return new JobForm(
                "",
                pairId,
                "/",
                "",
                "",
                false,
                true,
                false,
                false,
                false,
                false,
                false,
                false,
                false,
                null,
                "",
                "0 3 * * *",
                zone,
                "",
                "",
                MissedRuns.SKIP,
                true,
                Direction.PUSH,
                null,
                null,
                0,
                300,
                true,
                true,
                false,
                "",
                "",
                false,
                "",
                "",
                true,
                DeletionGuard.DEFAULTS.maxFiles(),
                DeletionGuard.DEFAULTS.maxPercent(),
                null,
                null,
                null,
                null);
    }

    static JobForm of(SyncJob job) {
        RsyncOptions o = job.options();
        RetryPolicy retry = job.retry();
        Preconditions pre = job.checks();
        DeletionGuard guard = job.guard();
        return new JobForm(
                job.name(),
                job.pairId(),
                String.join("\n", job.paths().stream().map(JobPath::text).toList()),
                String.join("\n", job.includeList()),
                String.join("\n", job.excludeList()),
                job.deleteExtraneous(),
                o.archive(),
                o.checksum(),
                o.compress(),
                o.hardLinks(),
                o.acls(),
                o.xattrs(),
                o.numericIds(),
                o.partial(),
                o.bandwidthLimitKib(),
                String.join("\n", o.extraArgumentList()),
                job.schedule(),
                job.timeZone(),
                job.startWindow(),
                job.blackouts(),
                job.missedRuns(),
                job.enabled(),
                job.direction(),
                job.timeout().map(d -> Math.toIntExact(d.toMinutes())).orElse(null),
                job.noOutputTimeout().map(d -> Math.toIntExact(d.toMinutes())).orElse(null),
                retry.attempts(),
                retry.delaySeconds(),
                retry.onConnection(),
                retry.onTimeout(),
                pre.peerReachable(),
                pre.sourceMarker(),
                StepLines.text(job.steps(JobStep.Phase.CHECK)),
                pre.failRun(),
                StepLines.text(job.steps(JobStep.Phase.PRE)),
                StepLines.text(job.steps(JobStep.Phase.POST)),
                guard.enabled(),
                guard.maxFiles(),
                guard.maxPercent(),
                job.monitor().warning().map(d -> Math.toIntExact(d.toMinutes())).orElse(null),
                job.monitor()
                        .critical()
                        .map(d -> Math.toIntExact(d.toMinutes()))
                        .orElse(null),
                job.retention().runsDays(),
                job.retention().logsDays());
    }

    /** Checks the fields bean validation cannot, rejecting each with a message for the user. */
    void check(Errors errors, Clock clock) {
        checkPaths(errors);
        checkPatterns("includes", includes, errors);
        checkPatterns("excludes", excludes, errors);
        List<String> extra = lines(extraArguments);
        if (extra.size() > MAX_EXTRA_ARGUMENTS) {
            errors.rejectValue("extraArguments", "tooMany", "Use at most " + MAX_EXTRA_ARGUMENTS + " arguments.");
        }
        if (String.join("\n", extra).length() > MAX_EXTRA_TEXT) {
            errors.rejectValue("extraArguments", "tooLong", "Use at most " + MAX_EXTRA_TEXT + " characters in all.");
        }
        for (int i = 0; i < extra.size() && i < MAX_EXTRA_ARGUMENTS; i++) {
            int line = i + 1;
            String argument = extra.get(i);
            RsyncArguments.problemWith(argument)
                    .ifPresent(p -> errors.rejectValue("extraArguments", "argument", "Line " + line + ": " + p));
            if (argument.startsWith("--delete-") && !Boolean.TRUE.equals(deleteExtraneous)) {
                errors.rejectValue(
                        "extraArguments",
                        "deletes",
                        "Line " + line + ": " + argument + " deletes on the standby; tick \"Delete files on the"
                                + " standby\" as well, so that the deletion guard checks these runs too.");
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
        if (monitorWarningMinutes != null
                && monitorCriticalMinutes != null
                && monitorWarningMinutes >= monitorCriticalMinutes
                && !errors.hasFieldErrors("monitorCriticalMinutes")) {
            errors.rejectValue(
                    "monitorCriticalMinutes",
                    "order",
                    "The critical age must be longer than the warning age; otherwise WARNING never shows.");
        }
        if (keepRunsDays != null
                && keepLogsDays != null
                && keepLogsDays > keepRunsDays
                && !errors.hasFieldErrors("keepRunsDays")
                && !errors.hasFieldErrors("keepLogsDays")) {
            errors.rejectValue(
                    "keepLogsDays",
                    "longer",
                    "Keep logs at most as long as the runs (" + keepRunsDays + " days): a log goes with its run.");
        }
        if (retryAttempts != null
                && retryAttempts > 0
                && !Boolean.TRUE.equals(retryOnConnection)
                && !Boolean.TRUE.equals(retryOnTimeout)) {
            errors.rejectValue(
                    "retryAttempts",
                    "noCondition",
                    "Tick at least one reason to retry (connection failure or time limit), or set retries to 0.");
        }
        if (retryAttempts != null && retryAttempts > 0 && retryDelaySeconds == null) {
            errors.rejectValue("retryDelaySeconds", "empty", "Enter how long to wait before the first retry.");
        }
        if (sourceMarker != null && !sourceMarker.isBlank()) {
            Paths.problemWith(sourceMarker.strip())
                    .ifPresent(p -> errors.rejectValue("sourceMarker", "path", "The marker file " + p + "."));
        }
        stepLines(JobStep.Phase.CHECK, "checks", checks, errors);
        stepLines(JobStep.Phase.PRE, "preSteps", preSteps, errors);
        stepLines(JobStep.Phase.POST, "postSteps", postSteps, errors);
        if (Boolean.TRUE.equals(deleteExtraneous)
                && Boolean.TRUE.equals(guardEnabled)
                && guardMaxFiles == null
                && guardMaxPercent == null) {
            errors.rejectValue(
                    "guardMaxFiles",
                    "noLimit",
                    "Give the deletion guard a file limit, a percentage or both; or switch the guard off.");
        }
        if (blackouts != null && blackouts.length() > MAX_BLACKOUT_TEXT) {
            errors.rejectValue("blackouts", "tooLong", "Use at most " + MAX_BLACKOUT_TEXT + " characters in all.");
        }
        TimeRules rules = errors.hasFieldErrors("blackouts") ? null : timeRules(errors);
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
                CronSchedule parsed = CronSchedule.parse(schedule, timeZone);
                if (rules != null) {
                    rules.neverFits(parsed, clock.instant())
                            .ifPresent(p -> errors.rejectValue("startWindow", "neverFits", p));
                }
            } catch (CronSchedule.InvalidSchedule e) {
                errors.rejectValue("schedule", "never", e.getMessage());
            }
        }
    }

    private void checkPaths(Errors errors) {
        List<String> pathLines = lines(paths);
        if (pathLines.isEmpty()) {
            errors.rejectValue("paths", "empty", "Enter at least one absolute path, such as / or /home/.");
        } else if (pathLines.size() > MAX_PATHS) {
            errors.rejectValue("paths", "tooMany", "Use at most " + MAX_PATHS + " paths.");
            return;
        }
        List<String> sources = new ArrayList<>();
        List<String> destinations = new ArrayList<>();
        List<Boolean> mapped = new ArrayList<>();
        for (int i = 0; i < pathLines.size(); i++) {
            int line = i + 1;
            String[] parts = pathLines.get(i).split(MAPS_TO, -1);
            if (parts.length > 2) {
                errors.rejectValue(
                        "paths",
                        "arrows",
                        "Line " + line + ": use \"" + MAPS_TO.strip()
                                + "\" at most once, as in /srv/www/ -> /backup/www/.");
                continue;
            }
            String source = collapse(parts[0].strip());
            Paths.problemWith(source)
                    .ifPresent(p -> errors.rejectValue("paths", "path", "Line " + line + ": the path " + p + "."));
            if (parts.length == 2) {
                String target = collapse(parts[1].strip());
                Paths.problemWith(target)
                        .ifPresent(p -> errors.rejectValue(
                                "paths", "destination", "Line " + line + ": the destination " + p + "."));
                if (source.endsWith("/") != target.endsWith("/")) {
                    errors.rejectValue(
                            "paths",
                            "slash",
                            "Line " + line + ": end both sides with / to copy a directory's contents, or neither"
                                    + " to copy one file.");
                }
                if (deletes() && Paths.normalized(target).equals("/")) {
                    errors.rejectValue(
                            "paths",
                            "top",
                            "Line " + line + ": map to a directory below the standby's base path, not to its top.");
                }
            }
            String destination = Paths.normalized(parts.length == 2 ? collapse(parts[1].strip()) : source);
            for (int other = 0; other < destinations.size(); other++) {
                if (deletes()
                        && (parts.length == 2 || mapped.get(other))
                        && overlap(destination, destinations.get(other))) {
                    errors.rejectValue(
                            "paths",
                            "overlap",
                            "Line " + line + " lands in or around line " + (other + 1) + "'s destination "
                                    + destinations.get(other) + " on the standby; with --delete one would remove"
                                    + " what the other copies. Map it elsewhere.");
                    break;
                }
            }
            destinations.add(destination);
            mapped.add(parts.length == 2);
            int first = sources.indexOf(source);
            if (first >= 0) {
                errors.rejectValue("paths", "repeated", "Line " + line + " repeats line " + (first + 1) + ".");
            }
            sources.add(source);
        }
    }

    private boolean deletes() {
        return Boolean.TRUE.equals(deleteExtraneous);
    }

    /** Whether one of two paths (normalized) is the other or lies inside it. */
    private static boolean overlap(String a, String b) {
        return a.equals(b) || a.equals("/") || b.equals("/") || a.startsWith(b + "/") || b.startsWith(a + "/");
    }

    private static void checkPatterns(String field, String text, Errors errors) {
        List<String> patterns = lines(text);
        if (patterns.size() > MAX_PATTERNS) {
            errors.rejectValue(field, "tooMany", "Use at most " + MAX_PATTERNS + " patterns.");
            return;
        }
        for (int i = 0; i < patterns.size(); i++) {
            String pattern = patterns.get(i);
            if (pattern.equals("!") || pattern.startsWith("+ ") || pattern.startsWith("- ")) {
                // --include/--exclude still read these as rsync filter rules: "!" would clear every rule before it.
                errors.rejectValue(
                        field,
                        "rule",
                        "Line " + (i + 1) + ": write a plain pattern such as *.tmp;"
                                + " rsync rules starting with \"+ \", \"- \" or \"!\" are not accepted here.");
            } else if (pattern.length() > MAX_PATTERN_LENGTH || pattern.chars().anyMatch(Character::isISOControl)) {
                errors.rejectValue(
                        field,
                        "pattern",
                        "Line " + (i + 1) + ": a pattern must be at most " + MAX_PATTERN_LENGTH
                                + " characters without control characters.");
            }
        }
    }

    private static void stepLines(JobStep.Phase phase, String field, String text, Errors errors) {
        StepLines.parse(
                phase, text, (line, problem) -> errors.rejectValue(field, "step", "Line " + line + ": " + problem));
    }

    /** The window and blackouts, or null when one of them does not parse (the field then has its error). */
    private TimeRules timeRules(Errors errors) {
        StartWindow window = null;
        List<Blackout> periods = List.of();
        boolean ok = true;
        if (startWindow != null && !startWindow.isBlank()) {
            try {
                window = StartWindow.parse(startWindow.strip());
            } catch (IllegalArgumentException e) {
                errors.rejectValue("startWindow", "window", e.getMessage());
                ok = false;
            }
        }
        try {
            periods = Blackout.parseLines(blackouts == null ? "" : blackouts);
        } catch (IllegalArgumentException e) {
            errors.rejectValue("blackouts", "blackout", e.getMessage());
            ok = false;
        }
        return ok ? new TimeRules(window, periods) : null;
    }

    /** Only after {@link #check} found nothing wrong. */
    JobDefinition toDefinition() {
        List<JobStep> steps = new ArrayList<>();
        steps.addAll(StepLines.parse(JobStep.Phase.CHECK, checks, (line, problem) -> {}));
        steps.addAll(StepLines.parse(JobStep.Phase.PRE, preSteps, (line, problem) -> {}));
        steps.addAll(StepLines.parse(JobStep.Phase.POST, postSteps, (line, problem) -> {}));
        boolean retries = retryAttempts != null && retryAttempts > 0;
        return new JobDefinition(
                name.strip(),
                pairId,
                lines(paths).stream().map(JobForm::jobPath).toList(),
                lines(includes),
                lines(excludes),
                Boolean.TRUE.equals(deleteExtraneous),
                new RsyncOptions(
                        Boolean.TRUE.equals(archive),
                        Boolean.TRUE.equals(checksum),
                        Boolean.TRUE.equals(compress),
                        Boolean.TRUE.equals(hardLinks),
                        Boolean.TRUE.equals(acls),
                        Boolean.TRUE.equals(xattrs),
                        Boolean.TRUE.equals(numericIds),
                        Boolean.TRUE.equals(partial),
                        bandwidthLimitKib,
                        lines(extraArguments).isEmpty() ? null : String.join("\n", lines(extraArguments))),
                CronSchedule.parse(schedule, timeZone),
                new TimeRules(
                        startWindow == null || startWindow.isBlank() ? null : StartWindow.parse(startWindow.strip()),
                        Blackout.parseLines(blackouts == null ? "" : blackouts)),
                missedRuns,
                Boolean.TRUE.equals(enabled),
                direction,
                timeoutMinutes == null ? null : Duration.ofMinutes(timeoutMinutes),
                noOutputTimeoutMinutes == null ? null : Duration.ofMinutes(noOutputTimeoutMinutes),
                new RetryPolicy(
                        retries ? retryAttempts : 0,
                        retryDelaySeconds == null ? RetryPolicy.NONE.delaySeconds() : retryDelaySeconds,
                        Boolean.TRUE.equals(retryOnConnection),
                        Boolean.TRUE.equals(retryOnTimeout)),
                new Preconditions(
                        Boolean.TRUE.equals(checkPeerReachable),
                        sourceMarker == null || sourceMarker.isBlank() ? null : sourceMarker.strip(),
                        Boolean.TRUE.equals(checkFailRun)),
                steps,
                new DeletionGuard(Boolean.TRUE.equals(guardEnabled), guardMaxFiles, guardMaxPercent),
                new MonitorThresholds(seconds(monitorWarningMinutes), seconds(monitorCriticalMinutes)),
                new RetentionDays(keepRunsDays, keepLogsDays));
    }

    private static Integer seconds(Integer minutes) {
        return minutes == null ? null : minutes * 60;
    }

    private static JobPath jobPath(String line) {
        String[] parts = line.split(MAPS_TO, -1);
        return new JobPath(collapse(parts[0].strip()), parts.length == 2 ? collapse(parts[1].strip()) : null);
    }

    /** Runs of slashes written as one ("/srv//data" is "/srv/data" to rsync too). */
    private static String collapse(String path) {
        return path.replaceAll("/{2,}", "/");
    }

    // A lone \r is a control character and rejected, but \r\n from a browser's textarea is a line break.
    static List<String> lines(String text) {
        if (text == null) {
            return List.of();
        }
        return Arrays.stream(text.split("\r?\n"))
                .map(String::strip)
                .filter(line -> !line.isEmpty())
                .toList();
    }
}
