package app.syncboard.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** The command line of bench/run; every option has a default that gives the full-size run of BENCHMARKS.md. */
record Options(
        List<String> databases,
        int jobs,
        int runs,
        int samples,
        int warmup,
        Duration pageLimit,
        boolean gigabyte,
        long gigabyteLines,
        Path jar,
        Path out,
        boolean keep) {

    static final String USAGE = """
            usage: bench/run [--db h2|postgres|both] [--jobs 1000] [--runs 1000000] [--samples 200] [--warmup 30]
                             [--page-seconds 60] [--skip-gigabyte] [--gigabyte-lines 10700000] [--keep] [--skip-build]
              --db              the databases to measure, one after the other (default both)
              --jobs, --runs    how much history the generator writes
              --samples         timed requests per page; --warmup untimed ones before them
              --page-seconds    stop timing a page after this long, with fewer samples (a slow page)
              --skip-gigabyte   leave out the run that prints ~1 GB (--gigabyte-lines lines of 101 bytes)
              --keep            keep the temporary directory (database, app logs, gc.log) and print where it is
              --skip-build      use the jars built last time (bench/run only)""";

    static Options parse(String... args) {
        String db = "both";
        int jobs = 1_000;
        int runs = 1_000_000;
        int samples = 200;
        int warmup = 30;
        int pageSeconds = 60;
        boolean gigabyte = true;
        long gigabyteLines = 10_700_000;
        Path jar = Path.of("target/syncboard.jar");
        Path out = Path.of("bench");
        boolean keep = false;
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--db" -> db = value;
                case "--jobs" -> jobs = Integer.parseInt(value);
                case "--runs" -> runs = Integer.parseInt(value);
                case "--samples" -> samples = Integer.parseInt(value);
                case "--warmup" -> warmup = Integer.parseInt(value);
                case "--page-seconds" -> pageSeconds = Integer.parseInt(value);
                case "--gigabyte-lines" -> gigabyteLines = Long.parseLong(value);
                case "--jar" -> jar = Path.of(value);
                case "--out" -> out = Path.of(value);
                case "--skip-gigabyte" -> {
                    gigabyte = false;
                    continue;
                }
                case "--keep" -> {
                    keep = true;
                    continue;
                }
                default -> throw new IllegalArgumentException("unknown option " + args[i] + "\n" + USAGE);
            }
            if (value == null) {
                throw new IllegalArgumentException(args[i] + " needs a value\n" + USAGE);
            }
            i++;
        }
        List<String> databases = switch (db) {
            case "h2", "postgres" -> List.of(db);
            case "both" -> List.of("h2", "postgres");
            default -> throw new IllegalArgumentException("--db is h2, postgres or both\n" + USAGE);
        };
        if (jobs < 2 || runs < jobs * 2 || samples < 1 || warmup < 0 || pageSeconds < 1) {
            throw new IllegalArgumentException(
                    "need --jobs >= 2, --runs >= 2 * jobs, --samples >= 1, --page-seconds >= 1\n" + USAGE);
        }
        return new Options(
                databases,
                jobs,
                runs,
                samples,
                warmup,
                Duration.ofSeconds(pageSeconds),
                gigabyte,
                gigabyteLines,
                jar,
                out,
                keep);
    }
}
