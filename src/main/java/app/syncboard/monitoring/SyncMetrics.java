package app.syncboard.monitoring;

import app.syncboard.jobs.SyncJobs;
import app.syncboard.runs.Run;
import app.syncboard.runs.RunFinished;
import app.syncboard.runs.RunStatus;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToDoubleFunction;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Per job metrics for Prometheus, tagged {@code sync_job} (Prometheus itself sets {@code job} to the scrape job):
 * gauges from the same judgement as Nagios, refreshed every 15 seconds, and counters and a duration histogram fed
 * by each run's end. The counters start at zero when syncboard starts, as Prometheus expects of counters.
 */
@Component
class SyncMetrics {

    static final String TAG = "sync_job";

    private final JobHealths healths;
    private final SyncJobs jobs;
    private final MeterRegistry registry;
    private final Map<String, JobHealth> latest = new ConcurrentHashMap<>();
    private final Map<String, List<Meter>> gauges = new ConcurrentHashMap<>();

    SyncMetrics(JobHealths healths, SyncJobs jobs, MeterRegistry registry) {
        this.healths = healths;
        this.jobs = jobs;
        this.registry = registry;
    }

    @EventListener(ApplicationReadyEvent.class)
    @Scheduled(initialDelayString = "PT15S", fixedDelayString = "${syncboard.metrics-refresh-interval:PT15S}")
    void refresh() {
        List<JobHealth> all = healths.all(Thresholds.NONE);
        List<String> names = new ArrayList<>();
        for (JobHealth health : all) {
            latest.put(health.job(), health);
            names.add(health.job());
            gauges.computeIfAbsent(health.job(), this::register);
        }
        for (String gone : List.copyOf(gauges.keySet())) {
            if (!names.contains(gone)) {
                gauges.remove(gone).forEach(registry::remove);
                latest.remove(gone);
            }
        }
    }

    private List<Meter> register(String job) {
        Tags tags = Tags.of(TAG, job);
        return List.of(
                gauge(
                        "syncboard.job.last.success.timestamp",
                        "seconds",
                        "When the last successful run ended (Unix time)",
                        tags,
                        job,
                        h -> h.lastSuccessAt() == null
                                ? Double.NaN
                                : h.lastSuccessAt().getEpochSecond()),
                gauge(
                        "syncboard.job.last.completion.timestamp",
                        "seconds",
                        "When the last run that ran ended (Unix time)",
                        tags,
                        job,
                        h -> h.lastCompletionAt() == null
                                ? Double.NaN
                                : h.lastCompletionAt().getEpochSecond()),
                gauge(
                        "syncboard.job.last.exit.code",
                        null,
                        "rsync's exit code of the last run that ended",
                        tags,
                        job,
                        h -> h.lastExitCode() == null ? Double.NaN : h.lastExitCode()),
                gauge(
                        "syncboard.job.last.duration",
                        "seconds",
                        "How long the last run that ended took",
                        tags,
                        job,
                        h -> h.lastDuration() == null
                                ? Double.NaN
                                : h.lastDuration().toMillis() / 1000.0),
                gauge(
                        "syncboard.job.copy.age",
                        "seconds",
                        "How old the newest good copy is",
                        tags,
                        job,
                        h -> h.age() == null ? Double.NaN : h.age().toSeconds()),
                gauge(
                        "syncboard.job.running",
                        null,
                        "1 while a run of the job is going",
                        tags,
                        job,
                        h -> h.running() ? 1 : 0),
                gauge(
                        "syncboard.job.state",
                        null,
                        "0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN (as the Nagios check)",
                        tags,
                        job,
                        h -> h.state().code()),
                gauge(
                        "syncboard.job.consecutive.failures",
                        null,
                        "Failed runs since the last success",
                        tags,
                        job,
                        h -> h.consecutiveFailures()));
    }

    private Meter gauge(
            String name, String unit, String help, Tags tags, String job, ToDoubleFunction<JobHealth> value) {
        return Gauge.builder(name, latest, map -> {
                    JobHealth health = map.get(job);
                    return health == null ? Double.NaN : value.applyAsDouble(health);
                })
                .baseUnit(unit)
                .description(help)
                .tags(tags)
                .register(registry);
    }

    /** Counts each run's outcome, its duration and the bytes it moved, as it ends. */
    @EventListener
    void onRunFinished(RunFinished finished) {
        Run run = finished.run();
        String job = jobs.findById(run.jobId()).map(j -> j.name()).orElse(null);
        if (job == null) {
            return;
        }
        Counter.builder("syncboard.runs")
                .description("Runs that ended, by outcome")
                .tags(TAG, job, "outcome", run.status().name())
                .register(registry)
                .increment();
        Duration took = run.duration(run.finishedAt());
        if (took != null && run.status() != RunStatus.SKIPPED) {
            Timer.builder("syncboard.run.duration")
                    .description("How long runs took")
                    .tags(TAG, job)
                    .publishPercentileHistogram()
                    .minimumExpectedValue(Duration.ofSeconds(1))
                    .maximumExpectedValue(Duration.ofHours(24))
                    .register(registry)
                    .record(took);
        }
        if (run.stats() != null) {
            long sent = run.stats().bytesSent() == null ? 0 : run.stats().bytesSent();
            long received =
                    run.stats().bytesReceived() == null ? 0 : run.stats().bytesReceived();
            Counter.builder("syncboard.run.transferred")
                    .baseUnit("bytes")
                    .description("Bytes rsync sent and received")
                    .tags(TAG, job)
                    .register(registry)
                    .increment(sent + received);
        }
    }
}
