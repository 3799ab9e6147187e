package app.syncboard.runs;

import app.syncboard.jobs.SyncJob;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * A job's run history as CSV (RFC 4180, UTF-8, times in UTC as ISO 8601), one row per run, newest first, written
 * while it is read so that ten years of runs need no more memory than one slice. Text a run's output or a user put
 * in the record (message, trigger, node) cannot start a spreadsheet formula: such a cell gets a leading apostrophe.
 */
final class RunsCsv {

    private static final int SLICE = 1000;
    private static final String[] HEADER = {
        "run",
        "job",
        "status",
        "trigger",
        "triggered_by",
        "node",
        "attempt",
        "queued_at",
        "started_at",
        "finished_at",
        "duration_seconds",
        "exit_code",
        "files_total",
        "files_transferred",
        "files_deleted",
        "total_size_bytes",
        "bytes_sent",
        "bytes_received",
        "message"
    };

    private RunsCsv() {}

    static void write(SyncJob job, RunHistory history, RunFilter filter, OutputStream out) throws IOException {
        Writer writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
        try (CSVPrinter csv = new CSVPrinter(
                writer, CSVFormat.RFC4180.builder().setHeader(HEADER).get())) {
            history.forEach(job.id(), filter, SLICE, run -> row(csv, job, run));
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private static void row(CSVPrinter csv, SyncJob job, Run run) {
        RsyncStats stats = run.stats() == null ? new RsyncStats(null, null, null, null, null, null) : run.stats();
        try {
            csv.printRecord(
                    run.id(),
                    text(job.name()),
                    run.status(),
                    run.trigger(),
                    text(run.triggeredBy()),
                    text(run.node()),
                    run.attempt(),
                    time(run.queuedAt()),
                    time(run.startedAt()),
                    time(run.finishedAt()),
                    run.startedAt() == null || run.finishedAt() == null
                            ? null
                            : run.duration(run.finishedAt()).toSeconds(),
                    run.exitCode(),
                    stats.filesTotal(),
                    stats.filesTransferred(),
                    stats.filesDeleted(),
                    stats.totalSize(),
                    stats.bytesSent(),
                    stats.bytesReceived(),
                    text(run.message()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String time(Instant instant) {
        return instant == null ? null : instant.toString();
    }

    /** The text as a cell that no spreadsheet reads as a formula (=, +, -, @, tab or carriage return first). */
    static String text(String value) {
        if (value == null || value.isEmpty()) {
            return value;
        }
        return "=+-@\t\r".indexOf(value.charAt(0)) >= 0 ? "'" + value : value;
    }
}
