package app.syncboard.runs;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Run output: live captures of the runs going on in this node, and the compressed logs of finished runs
 * in the database, where every node can read them.
 */
@Component
public class RunLogs {

    /** Where the earlier lines of a running run's log can be read. */
    private static final String WHOLE_LOG_LATER = "the whole log is shown when the run has ended";

    private final JdbcClient jdbc;
    private final Map<Long, LogCapture> live = new ConcurrentHashMap<>();

    RunLogs(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    LogCapture open(long runId, RunSettings.Log limits) {
        LogCapture capture = new LogCapture(limits.headBytes(), limits.tailBytes());
        live.put(runId, capture);
        return capture;
    }

    /** Stores the capture for good and stops serving it live. */
    void close(long runId, LogCapture capture) {
        try {
            jdbc.sql("INSERT INTO run_log (run_id, content, lines_total, bytes_total, lines_omitted)"
                            + " VALUES (?, ?, ?, ?, ?)")
                    .params(
                            runId,
                            gzip(capture.text()),
                            capture.linesTotal(),
                            capture.bytesTotal(),
                            capture.linesOmitted())
                    .update();
        } catch (RuntimeException e) {
            discard(runId);
            throw e;
        }
    }

    /** Stops serving a capture live, once its run's end is committed: a viewer that misses it finds the run ended. */
    void release(long runId) {
        discard(runId);
    }

    /**
     * The stored log's lines after line {@code after}, for a viewer that came when the run had just ended; empty when
     * lines were left out of the stored log (their numbers no longer match the run's) or there is no log.
     */
    Optional<List<String>> storedLinesAfter(long runId, long after) {
        return jdbc.sql("SELECT content FROM run_log WHERE run_id = ? AND lines_omitted = 0")
                .param(runId)
                .query((rs, row) -> gunzip(rs.getBytes(1)))
                .optional()
                .map(text -> text.lines().skip(after).toList());
    }

    /** The live capture of a run going on in this node. */
    Optional<LogCapture> live(long runId) {
        return Optional.ofNullable(live.get(runId));
    }

    /**
     * Like {@link #tail(long, int)}, with the number of the last line shown (0 when the run has no live output here),
     * from which a live viewer goes on.
     */
    Shown liveTail(long runId, int lines) {
        LogCapture capture = live.get(runId);
        if (capture != null) {
            synchronized (capture) {
                return new Shown(capture.lastLines(lines, WHOLE_LOG_LATER), capture.linesTotal());
            }
        }
        return new Shown(tail(runId, lines).orElse(""), 0);
    }

    record Shown(String text, long lastLine) {}

    /**
     * The last {@code lines} lines of a run's output, with a first line saying how many came before: what the run
     * page polls every second while the run goes, so that a long log is not sent again and again.
     */
    public Optional<String> tail(long runId, int lines) {
        return tail(runId, lines, WHOLE_LOG_LATER);
    }

    /** Like {@link #tail(long, int)}, with {@code where} saying where the earlier lines can be read. */
    public Optional<String> tail(long runId, int lines, String where) {
        LogCapture capture = live.get(runId);
        if (capture != null) {
            return Optional.of(capture.lastLines(lines, where));
        }
        return jdbc.sql("SELECT content, lines_omitted FROM run_log WHERE run_id = ?")
                .param(runId)
                .query((rs, row) -> LogCapture.lastLines(gunzip(rs.getBytes(1)), rs.getLong(2), lines, where))
                .optional();
    }

    /** Stops serving a live capture whose run could not be recorded. */
    void discard(long runId) {
        LogCapture capture = live.remove(runId);
        if (capture != null) {
            capture.close();
        }
    }

    /** The output of a run: live while it runs on this node, stored once it finished. */
    public Optional<String> text(long runId) {
        LogCapture capture = live.get(runId);
        if (capture != null) {
            return Optional.of(capture.text());
        }
        return jdbc.sql("SELECT content FROM run_log WHERE run_id = ?")
                .param(runId)
                .query((rs, row) -> gunzip(rs.getBytes(1)))
                .optional();
    }

    private static byte[] gzip(String text) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static String gunzip(byte[] content) {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(content))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
