package app.syncboard.monitoring;

import app.syncboard.jobs.Typed;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * What Nagios/Icinga ({@code .../nagios}, plain text) and scripts (JSON) ask: the state of one job or of all. The
 * HTTP status carries the state (OK 200, WARNING 429, CRITICAL 503; an unknown job 404), so that a stock
 * {@code check_curl} needs no plugin of its own. {@code ?warning=} and {@code ?critical=} (seconds) override the
 * ages for this request.
 */
@RestController
@RequestMapping("/api/v1/monitoring")
class MonitoringController {

    private static final MediaType TEXT = new MediaType(MediaType.TEXT_PLAIN, java.nio.charset.StandardCharsets.UTF_8);
    /** Ten years: a larger age is a typo. */
    private static final long MAX_SECONDS = 10L * 366 * 24 * 3600;

    private final JobHealths healths;

    MonitoringController(JobHealths healths) {
        this.healths = healths;
    }

    @GetMapping(value = "/nagios", produces = MediaType.TEXT_PLAIN_VALUE)
    ResponseEntity<String> allAsNagios(
            @RequestParam(required = false) String warning, @RequestParam(required = false) String critical) {
        Thresholds asked;
        try {
            asked = thresholds(warning, critical);
        } catch (BadThreshold e) {
            return text(HttpStatus.BAD_REQUEST, "SYNC UNKNOWN: " + e.getMessage() + "\n");
        }
        List<JobHealth> all = healths.all(asked);
        SyncState worst = SyncState.worstOf(all);
        if (all.isEmpty()) {
            worst = SyncState.UNKNOWN;
        }
        return text(HttpStatus.valueOf(worst.httpStatus()), NagiosText.of(all, worst));
    }

    @GetMapping(value = "/jobs/{job}/nagios", produces = MediaType.TEXT_PLAIN_VALUE)
    ResponseEntity<String> jobAsNagios(
            @PathVariable String job,
            @RequestParam(required = false) String warning,
            @RequestParam(required = false) String critical) {
        Thresholds asked;
        try {
            asked = thresholds(warning, critical);
        } catch (BadThreshold e) {
            return text(HttpStatus.BAD_REQUEST, "SYNC UNKNOWN: " + e.getMessage() + "\n");
        }
        Optional<JobHealth> health = healths.of(job, asked);
        if (health.isEmpty()) {
            return text(HttpStatus.NOT_FOUND, "SYNC UNKNOWN: there is no sync job named " + Typed.quoted(job) + "\n");
        }
        return text(HttpStatus.valueOf(health.get().state().httpStatus()), NagiosText.of(health.get()));
    }

    /** Every job's state as JSON, worst first; always 200 (the states are in the body). */
    @GetMapping(value = "/jobs", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<?> all(
            @RequestParam(required = false) String warning, @RequestParam(required = false) String critical) {
        try {
            return json(
                    HttpStatus.OK,
                    healths.all(thresholds(warning, critical)).stream()
                            .map(JobStatus::of)
                            .toList());
        } catch (BadThreshold e) {
            return problem(HttpStatus.BAD_REQUEST, "Bad threshold", e.getMessage());
        }
    }

    /** One job's state as JSON, with the same HTTP status as its Nagios check. */
    @GetMapping(value = "/jobs/{job}", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<?> job(
            @PathVariable String job,
            @RequestParam(required = false) String warning,
            @RequestParam(required = false) String critical) {
        Optional<JobHealth> health;
        try {
            health = healths.of(job, thresholds(warning, critical));
        } catch (BadThreshold e) {
            return problem(HttpStatus.BAD_REQUEST, "Bad threshold", e.getMessage());
        }
        if (health.isEmpty()) {
            return problem(
                    HttpStatus.NOT_FOUND, "No such job", "There is no sync job named " + Typed.quoted(job) + ".");
        }
        return json(HttpStatus.valueOf(health.get().state().httpStatus()), JobStatus.of(health.get()));
    }

    /** A job's state as the JSON endpoints give it; durations in seconds, times as ISO instants. */
    record JobStatus(
            long id,
            String job,
            String pair,
            SyncState state,
            int stateCode,
            String reason,
            Instant lastSuccessAt,
            Instant lastCompletionAt,
            Long ageSeconds,
            Long warningSeconds,
            Long criticalSeconds,
            Integer lastExitCode,
            Long lastDurationSeconds,
            Long transferredBytes,
            long consecutiveFailures,
            boolean running,
            boolean paused) {

        static JobStatus of(JobHealth h) {
            return new JobStatus(
                    h.jobId(),
                    h.job(),
                    h.pair(),
                    h.state(),
                    h.state().code(),
                    h.reason(),
                    h.lastSuccessAt(),
                    h.lastCompletionAt(),
                    seconds(h.age()),
                    seconds(h.warningAfter()),
                    seconds(h.criticalAfter()),
                    h.lastExitCode(),
                    seconds(h.lastDuration()),
                    h.transferredBytes(),
                    h.consecutiveFailures(),
                    h.running(),
                    h.paused());
        }

        private static Long seconds(Duration duration) {
            return duration == null ? null : duration.toSeconds();
        }
    }

    private static Thresholds thresholds(String warning, String critical) {
        Duration w = seconds("warning", warning);
        Duration c = seconds("critical", critical);
        if (w != null && c != null && w.compareTo(c) >= 0) {
            throw new BadThreshold("warning (" + w.toSeconds() + ") must be less than critical (" + c.toSeconds()
                    + "), both in seconds");
        }
        return new Thresholds(w, c);
    }

    private static Duration seconds(String name, String value) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        if (!value.matches("[0-9]{1,10}") || Long.parseLong(value) < 1 || Long.parseLong(value) > MAX_SECONDS) {
            throw new BadThreshold(
                    name + " must be a number of seconds from 1 to " + MAX_SECONDS + ", not " + Typed.quoted(value));
        }
        return Duration.ofSeconds(Long.parseLong(value));
    }

    private static ResponseEntity<String> text(HttpStatus status, String body) {
        return ResponseEntity.status(status)
                .cacheControl(CacheControl.noStore())
                .contentType(TEXT)
                .body(body);
    }

    private static ResponseEntity<Object> json(HttpStatus status, Object body) {
        return ResponseEntity.status(status)
                .cacheControl(CacheControl.noStore())
                .contentType(MediaType.APPLICATION_JSON)
                .body(body);
    }

    private static ResponseEntity<?> problem(HttpStatus status, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(title);
        problem.setType(URI.create("about:blank"));
        return ResponseEntity.status(status)
                .cacheControl(CacheControl.noStore())
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem);
    }

    private static final class BadThreshold extends IllegalArgumentException {
        BadThreshold(String message) {
            super(message);
        }
    }
}
