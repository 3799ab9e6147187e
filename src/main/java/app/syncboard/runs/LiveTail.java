package app.syncboard.runs;

import jakarta.annotation.PreDestroy;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Sends a running run's new log lines to the browsers watching it, as Server-Sent Events: every viewer is a task on
 * one small scheduler that looks at the run's capture a few times a second and sends what is new. A viewer that
 * falls behind (a run printing faster than the network carries) is told how many lines it was not sent; the stored
 * log has them. The stream ends with an {@code end} event once the run has ended and every line is sent.
 */
@Component
class LiveTail {

    private static final Logger log = LoggerFactory.getLogger(LiveTail.class);

    static final Duration TICK = Duration.ofMillis(250);
    /** The longest a stream stays open; the browser's EventSource then reconnects from the last line it got. */
    static final Duration STREAM_LIMIT = Duration.ofMinutes(30);

    private static final int MAX_LINES_PER_EVENT = 500;
    private static final int MAX_EVENTS_PER_TICK = 8;
    /** A person may watch a run in a few tabs; more streams of one user are refused (each holds a task). */
    static final int MAX_VIEWERS_PER_USER = 4;

    private static final int MAX_VIEWERS = 200;
    private static final int TICKS_BETWEEN_STATUS_CHECKS = 8;
    private static final int TICKS_BETWEEN_HEARTBEATS = 60;

    private final RunLogs logs;
    private final RunHistory history;
    private final ScheduledExecutorService ticker = Executors.newScheduledThreadPool(2, runnable -> {
        Thread thread = new Thread(runnable, "live-tail");
        thread.setDaemon(true);
        return thread;
    });
    private final AtomicInteger viewers = new AtomicInteger();
    private final Map<String, AtomicInteger> viewersByUser = new ConcurrentHashMap<>();

    LiveTail(RunLogs logs, RunHistory history) {
        this.logs = logs;
        this.history = history;
    }

    /**
     * A stream of the run's lines after line {@code after} for {@code user}; empty when too many viewers are connected
     * already, in all or of this user.
     */
    Optional<SseEmitter> follow(long runId, long after, String user) {
        AtomicInteger mine = viewersByUser.computeIfAbsent(user, name -> new AtomicInteger());
        if (mine.incrementAndGet() > MAX_VIEWERS_PER_USER) {
            mine.decrementAndGet();
            return Optional.empty();
        }
        if (viewers.incrementAndGet() > MAX_VIEWERS) {
            viewers.decrementAndGet();
            mine.decrementAndGet();
            return Optional.empty();
        }
        SseEmitter emitter = new SseEmitter(STREAM_LIMIT.toMillis());
        Viewer viewer = new Viewer(runId, after, emitter, mine);
        viewer.task = ticker.scheduleWithFixedDelay(viewer::tick, 0, TICK.toMillis(), TimeUnit.MILLISECONDS);
        emitter.onCompletion(viewer::stop);
        emitter.onTimeout(viewer::stop);
        emitter.onError(error -> viewer.stop());
        return Optional.of(emitter);
    }

    @PreDestroy
    void shutdown() {
        ticker.shutdownNow();
    }

    /**
     * One browser following one run. Its ticks never overlap (fixed delay), so its fields need no locking; only
     * {@code stopped} is also set from the emitter's callbacks.
     */
    private final class Viewer {

        private final long runId;
        private final SseEmitter emitter;
        private final AtomicInteger ofUser;
        private long after;
        private LogCapture capture;
        private int ticks;
        private final AtomicBoolean stopped = new AtomicBoolean();
        private volatile ScheduledFuture<?> task;

        Viewer(long runId, long after, SseEmitter emitter, AtomicInteger ofUser) {
            this.runId = runId;
            this.after = after;
            this.emitter = emitter;
            this.ofUser = ofUser;
        }

        void tick() {
            try {
                ticks++;
                if (capture == null) {
                    // Kept once found: the run's last lines go into it just before it leaves the live ones.
                    capture = logs.live(runId).orElse(null);
                }
                if (capture != null) {
                    sendNewLines(capture);
                } else if (ticks % TICKS_BETWEEN_STATUS_CHECKS == 1) {
                    // Queued, ended, or running on another node: only the record says which.
                    Optional<Run> run = history.find(runId);
                    if (run.isEmpty() || !run.get().isActive()) {
                        // Ended before this viewer found its capture: the rest is in the stored log.
                        Optional<List<String>> rest =
                                run.isEmpty() ? Optional.empty() : logs.storedLinesAfter(runId, after);
                        if (rest.isPresent() && !rest.get().isEmpty()) {
                            emitter.send(SseEmitter.event()
                                    .id(Long.toString(after + rest.get().size()))
                                    .name("lines")
                                    .data(new Lines(0, rest.get()), MediaType.APPLICATION_JSON));
                        }
                        end(run.map(Run::status).orElse(null), rest.isPresent());
                    }
                }
                if (!stopped.get() && ticks % TICKS_BETWEEN_HEARTBEATS == 0) {
                    emitter.send(SseEmitter.event().comment("still running"));
                }
            } catch (IOException | IllegalStateException e) {
                // The browser went away (or the stream timed out): nothing to tell anyone.
                stop();
            } catch (RuntimeException e) {
                log.warn("Live log of run {} stopped: {}", runId, e.toString());
                emitter.completeWithError(e);
                stop();
            }
        }

        /** The new lines, in events of at most 500, up to a few events a tick; then the end, once every line is in. */
        private void sendNewLines(LogCapture capture) throws IOException {
            for (int events = 0; events < MAX_EVENTS_PER_TICK; events++) {
                LogCapture.Chunk chunk = capture.linesAfter(after, MAX_LINES_PER_EVENT);
                if (chunk.last() > after) {
                    emitter.send(SseEmitter.event()
                            .id(Long.toString(chunk.last()))
                            .name("lines")
                            .data(new Lines(chunk.skipped(), chunk.lines()), MediaType.APPLICATION_JSON));
                    after = chunk.last();
                }
                if (chunk.closed()) {
                    end(history.find(runId).map(Run::status).orElse(null), true);
                    return;
                }
                if (chunk.lines().size() < MAX_LINES_PER_EVENT) {
                    return;
                }
            }
        }

        private void end(RunStatus status, boolean complete) throws IOException {
            emitter.send(SseEmitter.event()
                    .name("end")
                    .data(new End(status == null ? null : status.name(), complete), MediaType.APPLICATION_JSON));
            emitter.complete();
            stop();
        }

        void stop() {
            if (stopped.compareAndSet(false, true)) {
                viewers.decrementAndGet();
                ofUser.decrementAndGet();
            }
            ScheduledFuture<?> scheduled = task;
            if (scheduled != null) {
                scheduled.cancel(false);
            }
        }
    }

    /** A {@code lines} event: {@code skipped} lines came before these that this viewer was not sent. */
    record Lines(long skipped, List<String> lines) {}

    /** The {@code end} event: the run's final status; {@code complete} when every line was sent live. */
    record End(String status, boolean complete) {}
}
