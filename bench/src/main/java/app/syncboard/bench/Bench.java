package app.syncboard.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The benchmark of issue 5: per database, fills it with a long history, starts the app jar on it, signs in and times
 * its pages over HTTP against the budgets, then times the dashboard while one run prints about 1 GB. Prints a table
 * per database and writes it to {@code bench/results-<db>.md}. See BENCHMARKS.md.
 */
public final class Bench {

    private static final double BUDGET_MILLIS = 50;
    private static final Duration WARMUP_LIMIT = Duration.ofSeconds(30);
    private static final long STARTED = System.nanoTime();

    /** The ids the pages are asked for, found with SQL in the generated data. */
    private record Targets(
            long jobs, long deepJob, long newestDeepRun, int pagesDeep, long deepBefore, long deepFirst, long logRun) {

        static Targets find(Connection db, Generator.Dataset data) throws SQLException {
            long deep = data.deepJobId();
            int pagesDeep = Math.min(1_000, data.deepRuns() / 50 - 1);
            List<Long> page = Jdbc.query(
                    db,
                    "SELECT id FROM sync_run WHERE job_id = ? ORDER BY id DESC OFFSET ? ROWS FETCH NEXT 2 ROWS ONLY",
                    row -> row.getLong(1),
                    deep,
                    pagesDeep * 50 - 1);
            return new Targets(
                    Jdbc.queryLong(db, "SELECT COUNT(*) FROM sync_job"),
                    deep,
                    Jdbc.queryLong(db, "SELECT MAX(id) FROM sync_run WHERE job_id = ?", deep),
                    pagesDeep,
                    page.get(0),
                    page.get(1),
                    Jdbc.queryLong(db, "SELECT MAX(run_id) FROM run_log"));
        }
    }

    private final Options options;

    private Bench(Options options) {
        this.options = options;
    }

    public static void main(String[] args) {
        if (List.of(args).contains("--help")) {
            System.out.println(Options.USAGE);
            return;
        }
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        try {
            new Bench(options).run();
            System.exit(0);
        } catch (Exception e) {
            System.err.println("\nThe bench failed: " + e.getMessage());
            if (!(e instanceof IllegalStateException)) {
                e.printStackTrace();
            }
            System.exit(1);
        }
    }

    private void run() throws Exception {
        if (!Files.isRegularFile(options.jar())) {
            throw new IllegalStateException("No app jar at " + options.jar()
                    + "; build it with ./mvnw -B -q package -DskipTests -DskipBrowserTests (bench/run does)");
        }
        Path work = Files.createTempDirectory("syncboard-bench");
        Cleanup.register(() -> {
            if (options.keep()) {
                System.out.println("Kept the databases, app logs and GC logs in " + work);
            } else {
                delete(work);
            }
        });
        List<Report> reports = new ArrayList<>();
        for (String kind : options.databases()) {
            Optional<Report> report = benchmark(kind, work.resolve(kind));
            if (report.isPresent()) {
                report.get().write(options.out().resolve("results-" + kind + ".md"));
                reports.add(report.get());
            }
        }
        System.out.println();
        for (Report report : reports) {
            System.out.println(report.markdown());
        }
        int misses = reports.stream().mapToInt(Report::misses).sum();
        log((misses == 0 ? "Every budget met" : misses + " budget(s) missed") + "; tables written to "
                + options.out().resolve("results-<db>.md"));
    }

    private Optional<Report> benchmark(String kind, Path directory) throws Exception {
        Database database;
        if (kind.equals("h2")) {
            database = Database.h2(directory);
        } else {
            Optional<Path> bin = PostgresServer.binaries();
            if (bin.isEmpty()) {
                log("PostgreSQL skipped: no server binaries under /usr/lib/postgresql (apt-get install postgresql)");
                return Optional.empty();
            }
            log("Starting PostgreSQL from " + bin.get());
            database = PostgresServer.start(bin.get(), options.keep());
        }
        try (Database db = database) {
            return Optional.of(benchmark(db, directory));
        }
    }

    private Report benchmark(Database db, Path directory) throws Exception {
        log("Creating the schema: a first start of the app runs its migrations");
        App.start(options.jar(), db, directory.resolve("first-start")).close();
        log(String.format(
                Locale.ROOT, "Generating %,d jobs and %,d runs at %s", options.jobs(), options.runs(), db.url()));
        long begin = System.nanoTime();
        Generator.Dataset data;
        Targets targets;
        long gigabyteJob = -1;
        String version;
        try (Connection connection = db.connect()) {
            data = new Generator(connection).fill(options.jobs(), options.runs());
            if (options.gigabyte()) {
                gigabyteJob = GigabyteRun.prepare(connection, directory.resolve("gigabyte"), options.gigabyteLines());
            }
            db.analyze(connection);
            targets = Targets.find(connection, data);
            version = connection.getMetaData().getDatabaseProductName() + " "
                    + connection.getMetaData().getDatabaseProductVersion();
        }
        Duration generation = since(begin);
        log("Generated in " + generation.toSeconds() + " s; starting the app");
        Report report = new Report(version + ", " + LocalDate.now());
        begin = System.nanoTime();
        GigabyteRun.Live live = null;
        boolean survived = false;
        Path gcLog;
        try (App app = App.start(options.jar(), db, directory.resolve("app"))) {
            gcLog = app.gcLog();
            log("The app is ready after " + since(begin).toSeconds() + " s");
            report.note(String.format(
                    Locale.ROOT,
                    "Data: %,d jobs on %,d pairs, %,d runs (%,d of one hourly job, the others nightly over two to five"
                            + " years; %,d stored logs of the last 60 days), generated in %d s. The app"
                            + " (`java %s -jar target/syncboard.jar`) was ready %d s after it started.",
                    data.jobs(),
                    data.pairs(),
                    data.runs(),
                    data.deepRuns(),
                    data.logs(),
                    generation.toSeconds(),
                    App.HEAP,
                    since(begin).toSeconds()));
            report.note(String.format(
                    Locale.ROOT,
                    "Times are measured at the client (java.net.http, HTTP/1.1 over loopback, whole body read), so"
                            + " they are an upper bound of the server time: per page %d warm-up requests (at most %d s),"
                            + " then %d timed ones (fewer when they take more than %d s together), one at a time,"
                            + " each answer checked.",
                    options.warmup(),
                    WARMUP_LIMIT.toSeconds(),
                    options.samples(),
                    options.pageLimit().toSeconds()));
            report.note("Machine: " + Machine.describe() + "; load average before the timed requests: "
                    + Machine.loadAverage() + ".");
            Session session = app.session();
            List<Page> pages = pages(targets);
            for (Page page : pages) {
                measure(session, page, report);
            }
            if (options.gigabyte()) {
                log("1 GB run: timing the idle dashboard first");
                live = GigabyteRun.run(app, pages.get(0), gigabyteJob, options.samples(), options.pageLimit());
                survived = app.alive();
            }
        }
        if (live != null) {
            try (Connection connection = db.connect()) {
                GigabyteRun.report(live, connection, gcLog, survived, report);
            }
        }
        return report;
    }

    private List<Page> pages(Targets targets) {
        String deep = "/jobs/" + targets.deepJob();
        return List.of(
                Page.budgeted(
                        "Dashboard",
                        "/",
                        BUDGET_MILLIS,
                        targets.jobs() + " job rows",
                        body -> Page.count(body, "data-job=\"") == targets.jobs()),
                Page.budgeted(
                        "Job history, first page",
                        deep,
                        BUDGET_MILLIS,
                        "run #" + targets.newestDeepRun() + " and a link to older runs",
                        body -> body.contains(runLink(targets.newestDeepRun())) && body.contains("before=")),
                Page.budgeted(
                        "Job history, " + targets.pagesDeep() + " pages deep",
                        deep + "?before=" + targets.deepBefore(),
                        BUDGET_MILLIS,
                        "run #" + targets.deepFirst(),
                        body -> body.contains(runLink(targets.deepFirst()))),
                Page.budgeted(
                        "Run page with its log",
                        "/runs/" + targets.logRun(),
                        BUDGET_MILLIS,
                        "the run's status and log",
                        body -> body.contains("id=\"run-status\"") && body.contains("Number of files")),
                Page.optional(
                        "Last 24 hours",
                        "/runs/recent",
                        "job " + Generator.DEEP_JOB,
                        body -> body.contains(Generator.DEEP_JOB)),
                Page.optional(
                                "Job history, FAILED only",
                                deep + "?status=FAILED",
                                "failed runs only",
                                body -> body.contains("status-FAILED") && !body.contains("status-SUCCEEDED"))
                        .absentWhen(response -> response.body().contains("status-SUCCEEDED")),
                Page.optional(
                                "CSV export, " + Generator.DEEP_JOB,
                                deep + "/runs.csv",
                                "a header line and runs",
                                body -> body.lines().count() > 50)
                        .withSamples(Math.max(10, options.samples() / 10)));
    }

    private static String runLink(long runId) {
        return "href=\"/runs/" + runId + "\"";
    }

    /** Warms the page up and times it; a page not in this version of the app is reported as skipped. */
    private void measure(Session session, Page page, Report report) throws IOException, InterruptedException {
        Session.Response first = session.get(page.path());
        if (page.absent().test(first)) {
            String why = first.status() == 200 ? "answers without its parameter" : Integer.toString(first.status());
            report.skipped(page.name(), page.path(), "not in this version (" + why + ")");
            log(page.name() + ": skipped, " + why);
            return;
        }
        int samples = page.samples() == null ? options.samples() : page.samples();
        time(session, page, options.warmup(), WARMUP_LIMIT);
        Timings timings = time(session, page, samples, options.pageLimit());
        report.page(page.name(), page.path(), page.budgetMillis(), timings);
        log(page.name() + ": " + timings);
    }

    /**
     * Times up to {@code samples} requests of the page, one after the other; fewer when they take longer than
     * {@code limit} together (a slow page must not hold the bench up for an hour), but at least one.
     */
    static Timings time(Session session, Page page, int samples, Duration limit)
            throws IOException, InterruptedException {
        long end = System.nanoTime() + limit.toNanos();
        List<Long> nanos = new ArrayList<>();
        while (nanos.size() < Math.max(samples, 1) && (nanos.isEmpty() || System.nanoTime() < end)) {
            nanos.add(page.fetch(session).nanos());
        }
        return new Timings(nanos);
    }

    static void log(String message) {
        System.out.printf(Locale.ROOT, "[%5d s] %s%n", since(STARTED).toSeconds(), message);
    }

    private static Duration since(long nanoTime) {
        return Duration.ofNanos(System.nanoTime() - nanoTime);
    }

    /** A port that was free on 127.0.0.1 a moment ago. */
    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    static void delete(Path directory) throws IOException {
        if (Files.exists(directory)) {
            try (Stream<Path> files = Files.walk(directory)) {
                for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(file);
                }
            }
        }
    }
}
