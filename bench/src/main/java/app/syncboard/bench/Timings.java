package app.syncboard.bench;

import java.util.List;
import java.util.Locale;

/** The response times of one page, and their nearest-rank percentiles in milliseconds. */
final class Timings {

    private final long[] sortedNanos;

    Timings(List<Long> nanos) {
        if (nanos.isEmpty()) {
            throw new IllegalStateException("no samples");
        }
        sortedNanos = nanos.stream().mapToLong(Long::longValue).sorted().toArray();
    }

    int count() {
        return sortedNanos.length;
    }

    double percentile(double p) {
        int rank = (int) Math.ceil(p / 100 * sortedNanos.length);
        return sortedNanos[Math.max(rank, 1) - 1] / 1e6;
    }

    double p50() {
        return percentile(50);
    }

    double p95() {
        return percentile(95);
    }

    double max() {
        return sortedNanos[sortedNanos.length - 1] / 1e6;
    }

    @Override
    public String toString() {
        return String.format(
                Locale.ROOT, "p50 %.1f ms, p95 %.1f ms, max %.1f ms (%d samples)", p50(), p95(), max(), count());
    }
}
