package app.syncboard.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One run that prints about 1 GB: a job on a pair of two local directories whose pre-step is
 * {@code seq -f %0100.0f 1 N} (N lines of 101 bytes, run without a shell as every step is). Started with "Sync now"
 * while the dashboard is timed, then checked: the run succeeded, the stored log kept only its head and tail, and the
 * heap stayed small (the app runs with -Xmx256m).
 */
final class GigabyteRun {

    static final String JOB = "gigabyte-output";

    /** Leaves room for the marker line between head and tail (1 MiB each, the app's defaults). */
    private static final long LOG_CAP = 2 * 1_048_576 + 200;

    private static final Duration LIMIT = Duration.ofMinutes(20);

    /** Fewer dashboard answers during the run say nothing about its p95. */
    private static final int MIN_BUSY_SAMPLES = 20;

    private static final Set<String> ACTIVE = Set.of("QUEUED", "RUNNING");
    private static final Pattern STATUS =
            Pattern.compile("id=\"run-status\"[^>]*>\\s*<span class=\"status status-(\\w+)\"");
    private static final Pattern MARKER =
            Pattern.compile("\\.\\.\\. [0-9]+ lines \\([0-9]+ bytes\\) omitted \\.\\.\\.");
    private static final Pattern GC =
            Pattern.compile("^\\[([0-9.]+)s\\].* GC\\(\\d+\\) Pause (\\w+).* \\d+[KMG]->(\\d+)([KMG])\\(\\d+[KMG]\\)");

    /**
     * What was seen over HTTP while the app ran; {@code from} and {@code to} are the app's uptimes in seconds when the
     * run was started and seen ended, to find its GC pauses in the log.
     */
    record Live(
            long runId,
            Timings idle,
            Timings busy,
            String status,
            long logBytes,
            boolean marker,
            double from,
            double to) {}

    /** The GC pauses of a stretch of the app's life: how many, how many full ones, the most heap left after one. */
    record Heap(int pauses, int full, long maxAfterMiB) {}

    private GigabyteRun() {}

    /** Writes the pair, the job and its pre-step; returns the job's id. */
    static long prepare(Connection db, Path directory, long lines) throws IOException, SQLException {
        Path primary = Files.createDirectories(directory.resolve("primary/data"));
        Files.writeString(primary.resolve("readme.txt"), "copied by the 1 GB run of the syncboard bench\n");
        Path standby = Files.createDirectories(directory.resolve("standby"));
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        long pair = Jdbc.insert(
                db,
                "INSERT INTO pair (name, primary_host_id, primary_path, standby_host_id, standby_path, version,"
                        + " created_at, updated_at) VALUES ('gigabyte', 1, ?, 1, ?, 0, ?, ?)",
                primary.getParent().toString(),
                standby.toString(),
                now,
                now);
        long job = Jdbc.insert(
                db,
                "INSERT INTO sync_job (name, pair_id, delete_extraneous, schedule, time_zone, enabled, version,"
                        + " created_at, updated_at, schedule_seen_at) VALUES (?, ?, FALSE, ?, 'UTC', TRUE, 0, ?, ?, ?)",
                JOB,
                pair,
                Generator.SCHEDULE,
                now,
                now,
                now);
        Jdbc.update(db, "INSERT INTO sync_job_path (sync_job, sync_job_key, path) VALUES (?, 0, '/data/')", job);
        Jdbc.update(
                db,
                "INSERT INTO sync_job_step (sync_job, sync_job_key, phase, side, command, expected_exit, always)"
                        + " VALUES (?, 0, 'PRE', 'PRIMARY', ?, 0, FALSE)",
                job,
                "seq -f %0100.0f 1 " + lines);
        return job;
    }

    /** Times the dashboard idle, starts the run with "Sync now", and times the dashboard again until the run ends. */
    static Live run(App app, Page dashboard, long jobId, int samples, Duration limit)
            throws IOException, InterruptedException {
        Session session = app.session();
        Timings idle = Bench.time(session, dashboard, samples, limit);
        String csrf = Session.csrfToken(dashboard.fetch(session).body());
        Session.Response started = session.post("/jobs/" + jobId + "/sync", Map.of("_csrf", csrf));
        if (started.status() != 302
                || started.location() == null
                || !started.location().contains("/runs/")) {
            throw new IllegalStateException("Sync now answered " + started.status() + " to " + started.location());
        }
        long runId = Long.parseLong(started.location().replaceAll(".*/runs/([0-9]+).*", "$1"));
        double from = app.uptimeSeconds();
        Bench.log("1 GB run #" + runId + " started; timing the dashboard until it ends");
        List<Long> busy = new ArrayList<>();
        long begin = System.nanoTime();
        long nextLook = begin;
        String status = "QUEUED";
        while (ACTIVE.contains(status)) {
            if (System.nanoTime() - begin > LIMIT.toNanos()) {
                throw new IllegalStateException(
                        "Run #" + runId + " still " + status + " after " + LIMIT.toMinutes() + " minutes");
            }
            busy.add(dashboard.fetch(session).nanos());
            if (System.nanoTime() >= nextLook) {
                status = status(session, runId);
                nextLook = System.nanoTime() + Duration.ofSeconds(1).toNanos();
            }
        }
        double to = app.uptimeSeconds();
        Session.Response log = session.get("/runs/" + runId + "/log");
        if (log.status() != 200) {
            throw new IllegalStateException("GET /runs/" + runId + "/log answered " + log.status());
        }
        long logBytes = log.body().getBytes(StandardCharsets.UTF_8).length;
        return new Live(
                runId,
                idle,
                new Timings(busy),
                status,
                logBytes,
                MARKER.matcher(log.body()).find(),
                from,
                to);
    }

    private static String status(Session session, long runId) throws IOException, InterruptedException {
        Session.Response page = session.get("/runs/" + runId);
        Matcher status = STATUS.matcher(page.body());
        if (page.status() != 200 || !status.find()) {
            throw new IllegalStateException(
                    "The page of run #" + runId + " answered " + page.status() + " without its status");
        }
        return status.group(1);
    }

    /** The checks, with the stored record (read after the app stopped: H2 is one process's) and the GC log. */
    static void report(Live live, Connection db, Path gcLog, boolean appSurvived, Report report)
            throws SQLException, IOException {
        record Stored(Instant started, Instant finished, long compressed, long lines, long bytes, long omitted) {}
        Stored stored = Jdbc.query(
                        db,
                        "SELECT r.started_at, r.finished_at, OCTET_LENGTH(l.content), l.lines_total, l.bytes_total,"
                                + " l.lines_omitted FROM sync_run r JOIN run_log l ON l.run_id = r.id WHERE r.id = ?",
                        row -> new Stored(
                                row.getObject(1, OffsetDateTime.class).toInstant(),
                                row.getObject(2, OffsetDateTime.class).toInstant(),
                                row.getLong(3),
                                row.getLong(4),
                                row.getLong(5),
                                row.getLong(6)),
                        live.runId())
                .stream()
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("run #" + live.runId() + " has no stored log"));
        double ratio = live.busy().p95() / live.idle().p95();
        String what = "dashboard p95 while it runs";
        String budget = "≤ 2 × idle p95";
        String measured = String.format(
                Locale.ROOT,
                "%s ms idle (%d samples), %s ms during the run (%d samples): %.1f×",
                Report.millis(live.idle().p95()),
                live.idle().count(),
                Report.millis(live.busy().p95()),
                live.busy().count(),
                ratio);
        if (live.busy().count() < MIN_BUSY_SAMPLES) {
            report.inconclusive(
                    what,
                    budget,
                    measured,
                    "the run ended within " + live.busy().count() + " answers");
        } else {
            report.check(what, budget, measured, ratio <= 2);
        }
        report.check(
                "run #" + live.runId(),
                "SUCCEEDED, app still up",
                String.format(
                        Locale.ROOT,
                        "%s in %d s: %,d bytes in %,d lines of output%s",
                        live.status(),
                        Duration.between(stored.started(), stored.finished()).toSeconds(),
                        stored.bytes(),
                        stored.lines(),
                        appSurvived ? "" : "; the app died"),
                live.status().equals("SUCCEEDED") && appSurvived);
        report.check(
                "stored log",
                "1 MiB head + 1 MiB tail + marker",
                String.format(
                        Locale.ROOT,
                        "%,d bytes (%,d compressed), %,d lines omitted, marker %s",
                        live.logBytes(),
                        stored.compressed(),
                        stored.omitted(),
                        live.marker() ? "present" : "missing"),
                live.logBytes() <= LOG_CAP && live.marker() && stored.omitted() > 0);
        Heap heap = heap(gcLog, live.from(), live.to());
        report.check(
                "heap (" + App.HEAP + ")",
                "completes the run",
                String.format(
                        Locale.ROOT,
                        "%d GC pauses during the run, %d of them full; at most %d MiB in use after a pause",
                        heap.pauses(),
                        heap.full(),
                        heap.maxAfterMiB()),
                live.status().equals("SUCCEEDED") && appSurvived);
    }

    /** The pauses in the JVM's GC log ({@code -Xlog:gc*}) between two uptimes, in seconds. */
    static Heap heap(Path gcLog, double from, double to) throws IOException {
        int pauses = 0;
        int full = 0;
        long maxAfter = 0;
        for (String line : Files.readAllLines(gcLog)) {
            Matcher pause = GC.matcher(line);
            if (pause.find()) {
                double at = Double.parseDouble(pause.group(1));
                if (at >= from && at <= to) {
                    pauses++;
                    full += pause.group(2).startsWith("Full") ? 1 : 0;
                    maxAfter = Math.max(maxAfter, mib(pause.group(3), pause.group(4)));
                }
            }
        }
        return new Heap(pauses, full, maxAfter);
    }

    private static long mib(String value, String unit) {
        long number = Long.parseLong(value);
        return switch (unit) {
            case "K" -> number / 1024;
            case "G" -> number * 1024;
            default -> number;
        };
    }
}
