package app.syncboard.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.zip.GZIPOutputStream;

/**
 * Fills a database that the app's migrations created (and nothing else wrote to) with years of history: pairs of
 * directories on the local host, ten jobs per pair, and runs written with plain JDBC batches in the order they would
 * have happened, so that each job's runs are spread over the table as in real use. One job runs hourly and gets
 * {@link #DEEP_RUNS} runs (a history page 1,000 pages deep exists); the others run nightly, for two to five years.
 * Runs of the last {@link #LOGS_KEPT} get a small stored log. Ids are given here, the identity columns are moved past
 * them at the end; every insert names its columns, so columns added later with defaults do not matter.
 */
final class Generator {

    /**
     * Nightly, as most sync jobs are, at a time twelve hours away from the bench's start: no run fires while the bench
     * goes, so that the history stays as written, and the pages compute their next fire times as they would in real
     * use.
     */
    static final String SCHEDULE = "17 " + (ZonedDateTime.now(ZoneOffset.UTC).getHour() + 12) % 24 + " * * *";

    static final String DEEP_JOB = "hourly-archive";
    static final int DEEP_RUNS = 61_000;
    private static final Duration LOGS_KEPT = Duration.ofDays(60);
    private static final int JOBS_PER_PAIR = 10;
    private static final int BATCH = 1_000;
    private static final String[] AREAS = {
        "archive", "home", "etc", "www", "mail", "db-dumps", "git", "media", "logs", "opt"
    };

    /** What a run's status comes with; {@code weight} in thousandths of all runs. */
    private record Outcome(int weight, String status, Integer exit, String message) {

        boolean ranRsync() {
            return status.equals("SUCCEEDED") || status.equals("FAILED");
        }
    }

    private static final List<Outcome> OUTCOMES = List.of(
            new Outcome(925, "SUCCEEDED", 0, null),
            new Outcome(
                    25,
                    "FAILED",
                    23,
                    "23: partial transfer due to error: rsync: [sender] send_files failed to open"
                            + " \"/srv/data/locked.db\": Permission denied (13)"),
            new Outcome(10, "FAILED", 24, "24: partial transfer due to vanished source files"),
            new Outcome(
                    5,
                    "FAILED",
                    255,
                    "255: SSH connection failed: ssh: connect to host standby port 22: Connection timed out"),
            new Outcome(15, "SKIPPED", null, "Skipped: the previous run of this job was still going."),
            new Outcome(7, "TIMED_OUT", null, "Time limit of 2 h reached: rsync was stopped."),
            new Outcome(
                    5, "BLOCKED", null, "Blocked by the deletion guard: 1,284 files would be deleted (limit 1,000)."),
            new Outcome(4, "CANCELLED", null, "Cancelled by admin."),
            new Outcome(4, "INTERRUPTED", null, "Interrupted: syncboard stopped while the run was going."));

    private record Job(
            long id,
            long pair,
            String name,
            String area,
            String commandLine,
            Duration every,
            Duration offset,
            int runs) {}

    /** What was written, for the pages the bench asks for. */
    record Dataset(long deepJobId, int deepRuns, int jobs, long pairs, long runs, long logs) {}

    private final Connection db;
    private final Random random = new Random(20_261_122);
    private final Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    private long runId;
    private long logs;

    Generator(Connection db) {
        this.db = db;
    }

    Dataset fill(int jobCount, int runCount) throws SQLException {
        db.setAutoCommit(false);
        long pairBase = Jdbc.queryLong(db, "SELECT COALESCE(MAX(id), 0) FROM pair");
        long jobBase = Jdbc.queryLong(db, "SELECT COALESCE(MAX(id), 0) FROM sync_job");
        runId = Jdbc.queryLong(db, "SELECT COALESCE(MAX(id), 0) FROM sync_run");
        int deepRuns = Math.min(DEEP_RUNS, runCount / 2);
        List<Job> jobs = jobs(jobCount, jobBase, pairBase, runCount - deepRuns, deepRuns);
        writePairsAndJobs(jobs, pairBase);
        writeRuns(jobs);
        db.commit();
        for (String table : List.of("pair", "sync_job", "sync_run")) {
            long next = Jdbc.queryLong(db, "SELECT COALESCE(MAX(id), 0) + 1 FROM " + table);
            Jdbc.execute(db, "ALTER TABLE " + table + " ALTER COLUMN id RESTART WITH " + next);
        }
        db.commit();
        db.setAutoCommit(true);
        return new Dataset(jobs.get(0).id(), deepRuns, jobCount, pairs(jobCount), runCount, logs);
    }

    /** The first job is the hourly one; the others share {@code nightlyRuns} unevenly. */
    private List<Job> jobs(int count, long jobBase, long pairBase, int nightlyRuns, int deepRuns) {
        double[] weights = random.doubles(count - 1, 0.4, 1.6).toArray();
        double sum = Arrays.stream(weights).sum();
        int[] runs = new int[count - 1];
        int given = 0;
        for (int i = 0; i < runs.length; i++) {
            runs[i] = (int) (nightlyRuns * weights[i] / sum);
            given += runs[i];
        }
        for (int i = 0; given < nightlyRuns; i = (i + 1) % runs.length, given++) {
            runs[i]++;
        }
        List<Job> jobs = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            long pair = pairBase + 1 + i / JOBS_PER_PAIR;
            String area = AREAS[i % AREAS.length];
            String base = "/srv/bench/" + pairName(pair);
            jobs.add(new Job(
                    jobBase + 1 + i,
                    pair,
                    i == 0 ? DEEP_JOB : pairName(pair) + "-" + area,
                    area,
                    "rsync --archive --relative --verbose --stats --delete -- " + base + "/primary/./" + area + "/ "
                            + base + "/standby/",
                    i == 0 ? Duration.ofHours(1) : Duration.ofDays(1),
                    Duration.ofMinutes(i == 0 ? 5 : 60 + (i * 7L) % 300),
                    i == 0 ? deepRuns : runs[i - 1]));
        }
        return jobs;
    }

    private static long pairs(int jobs) {
        return (jobs + JOBS_PER_PAIR - 1) / JOBS_PER_PAIR;
    }

    private static String pairName(long pair) {
        return String.format(Locale.ROOT, "srv-%03d", pair);
    }

    private void writePairsAndJobs(List<Job> jobs, long pairBase) throws SQLException {
        OffsetDateTime created = utc(now.minus(Duration.ofDays(8 * 365)));
        try (Batch pairs = new Batch(
                        "INSERT INTO pair (id, name, primary_host_id, primary_path, standby_host_id, standby_path,"
                                + " version, created_at, updated_at) VALUES (?, ?, 1, ?, 1, ?, 0, ?, ?)");
                Batch syncJobs = new Batch("INSERT INTO sync_job (id, name, pair_id, delete_extraneous, schedule,"
                        + " time_zone, enabled, version, created_at, updated_at, schedule_seen_at, guard_max_files,"
                        + " guard_max_percent) VALUES (?, ?, ?, TRUE, ?, 'UTC', TRUE, 0, ?, ?, ?, 1000, 10)");
                Batch paths = new Batch("INSERT INTO sync_job_path (sync_job, sync_job_key, path) VALUES (?, 0, ?)")) {
            for (long pair = pairBase + 1; pair <= pairBase + pairs(jobs.size()); pair++) {
                String base = "/srv/bench/" + pairName(pair);
                pairs.add(pair, pairName(pair), base + "/primary", base + "/standby", created, created);
            }
            pairs.flush();
            for (Job job : jobs) {
                // schedule_seen_at now: no fire time is missing, so no MISSED runs are recorded at start-up.
                syncJobs.add(job.id(), job.name(), job.pair(), SCHEDULE, created, created, utc(now));
                paths.add(job.id(), "/" + job.area() + "/");
            }
            syncJobs.flush();
        }
    }

    /** Day by day from the oldest, so that ids grow with time as they do in use. */
    private void writeRuns(List<Job> jobs) throws SQLException {
        Job deep = jobs.get(0);
        int days = Math.max(
                (deep.runs() + 23) / 24,
                jobs.stream().skip(1).mapToInt(Job::runs).max().orElse(0));
        try (Batch runs = new Batch("INSERT INTO sync_run (id, job_id, status, trigger_type, triggered_by, node,"
                        + " queued_at, started_at, finished_at, exit_code, message, command_line, files_total,"
                        + " files_transferred, files_deleted, bytes_sent, bytes_received, total_size, attempt)"
                        + " VALUES (?, ?, ?, ?, ?, 'bench', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)");
                Batch logRows = new Batch("INSERT INTO run_log (run_id, content, lines_total, bytes_total,"
                        + " lines_omitted) VALUES (?, ?, ?, ?, 0)")) {
            for (int day = days - 1; day >= 0; day--) {
                for (int hour = 23; hour >= 0; hour--) {
                    if (day * 24 + hour < deep.runs()) {
                        run(deep, day * 24 + hour, runs, logRows);
                    }
                }
                for (Job job : jobs.subList(1, jobs.size())) {
                    if (day < job.runs()) {
                        run(job, day, runs, logRows);
                    }
                }
            }
            runs.flush();
            logRows.flush();
        }
    }

    /** The job's run {@code age} periods before its newest. */
    private void run(Job job, int age, Batch runs, Batch logRows) throws SQLException {
        Outcome outcome = pick();
        Instant queued = now.minus(job.offset()).minus(job.every().multipliedBy(age));
        boolean skipped = outcome.status().equals("SKIPPED");
        Instant started = skipped ? null : queued.plusSeconds(1);
        long seconds =
                outcome.status().equals("TIMED_OUT") ? 7200 : 20 + random.nextInt(job.id() % 3 == 0 ? 1800 : 240);
        Instant finished = skipped ? queued : started.plusSeconds(seconds);
        Stats stats = outcome.ranRsync() ? stats(job) : null;
        boolean manual = random.nextInt(100) < 3;
        runs.add(
                ++runId,
                job.id(),
                outcome.status(),
                manual ? "MANUAL" : "SCHEDULE",
                manual ? "admin" : "schedule",
                utc(queued),
                utc(started),
                utc(finished),
                outcome.exit(),
                outcome.message(),
                job.commandLine(),
                stats == null ? null : stats.files(),
                stats == null ? null : stats.transferred(),
                stats == null ? null : stats.deleted(),
                stats == null ? null : stats.sent(),
                stats == null ? null : stats.received(),
                stats == null ? null : stats.size());
        if (!skipped && queued.isAfter(now.minus(LOGS_KEPT))) {
            String text = log(job, outcome, stats);
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            logRows.add(runId, gzip(bytes), text.chars().filter(c -> c == '\n').count(), (long) bytes.length);
            logs++;
        }
        if (runs.pending() >= BATCH) {
            runs.flush();
            logRows.flush();
            db.commit();
        }
    }

    private Outcome pick() {
        int pick = random.nextInt(1000);
        for (Outcome outcome : OUTCOMES) {
            pick -= outcome.weight();
            if (pick < 0) {
                return outcome;
            }
        }
        return OUTCOMES.get(0);
    }

    private record Stats(long files, long transferred, long deleted, long sent, long received, long size) {}

    private Stats stats(Job job) {
        long files = 2_000 + job.id() * 397 % 400_000 + random.nextInt(500);
        long transferred = random.nextInt((int) Math.min(files / 50, 5_000) + 1);
        long size = files * (40_000 + job.id() * 131 % 900_000);
        long sent = transferred * (1_000 + random.nextInt(200_000)) + files * 40;
        return new Stats(files, transferred, random.nextInt(20), sent, transferred * 38 + 1_500, size);
    }

    /** What rsync --verbose --stats prints for a run like this one: a few KB. */
    private String log(Job job, Outcome outcome, Stats stats) {
        StringBuilder text =
                new StringBuilder("$ ").append(job.commandLine()).append("\nsending incremental file list\n");
        int lines = 20 + random.nextInt(60);
        for (int i = 0; i < lines; i++) {
            text.append(String.format(
                    Locale.ROOT,
                    "%s/dir%02d/file-%05d.dat\n",
                    job.area(),
                    random.nextInt(100),
                    random.nextInt(100_000)));
        }
        if (stats != null) {
            text.append(String.format(
                    Locale.ROOT,
                    "\nNumber of files: %,d (reg: %,d, dir: %,d)\nNumber of created files: %,d\n"
                            + "Number of deleted files: %,d\nNumber of regular files transferred: %,d\n"
                            + "Total file size: %,d bytes\nTotal bytes sent: %,d\nTotal bytes received: %,d\n\n"
                            + "sent %,d bytes  received %,d bytes  %,d bytes/sec\ntotal size is %,d  speedup is %.2f\n",
                    stats.files(),
                    stats.files() * 9 / 10,
                    stats.files() / 10,
                    stats.transferred() / 4,
                    stats.deleted(),
                    stats.transferred(),
                    stats.size(),
                    stats.sent(),
                    stats.received(),
                    stats.sent(),
                    stats.received(),
                    stats.sent() / 60,
                    stats.size(),
                    (double) stats.size() / (stats.sent() + stats.received())));
        }
        if (outcome.message() != null) {
            text.append("rsync error: ").append(outcome.message()).append('\n');
        }
        return text.toString();
    }

    private static byte[] gzip(byte[] text) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(text.length / 3);
        try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
            out.write(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    /** A prepared INSERT whose rows go to the database a batch at a time. */
    private final class Batch implements AutoCloseable {

        private final PreparedStatement statement;
        private int pending;

        Batch(String sql) throws SQLException {
            statement = db.prepareStatement(sql);
        }

        void add(Object... values) throws SQLException {
            Jdbc.bind(statement, values);
            statement.addBatch();
            pending++;
        }

        int pending() {
            return pending;
        }

        void flush() throws SQLException {
            if (pending > 0) {
                statement.executeBatch();
                pending = 0;
            }
        }

        @Override
        public void close() throws SQLException {
            try {
                flush();
            } finally {
                statement.close();
            }
        }
    }
}
