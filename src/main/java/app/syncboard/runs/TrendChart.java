package app.syncboard.runs;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * A small bar chart of one figure over a job's last runs, oldest on the left, drawn by the job page as inline SVG
 * (no script). Each bar knows its run, so the page links it and names its status; the tallest bar is {@code max}.
 */
public record TrendChart(List<Bar> bars, long max, int width, int height) {

    static final int SLOT = 10;
    static final int BAR = 8;
    static final int HEIGHT = 60;

    /** One run's bar: its place and size in the chart's coordinates, and the figure it stands for (null: unknown). */
    public record Bar(Run run, Long value, int x, double y, double height) {

        /** A failed run stands out whatever its figure. */
        public boolean failed() {
            return run.status() != RunStatus.SUCCEEDED;
        }
    }

    /** The chart of {@code figure} over {@code runs} (oldest first); runs without the figure get an empty slot. */
    static TrendChart of(List<Run> runs, Function<Run, Long> figure) {
        long max = runs.stream()
                .map(figure)
                .filter(value -> value != null)
                .mapToLong(Long::longValue)
                .max()
                .orElse(0);
        List<Bar> bars = new ArrayList<>(runs.size());
        for (int i = 0; i < runs.size(); i++) {
            Run run = runs.get(i);
            Long value = figure.apply(run);
            double height = value == null || max == 0 ? 0 : Math.max(1, HEIGHT * (double) value / max);
            bars.add(new Bar(run, value, i * SLOT, HEIGHT - height, height));
        }
        return new TrendChart(bars, max, Math.max(1, runs.size()) * SLOT, HEIGHT);
    }

    public boolean isEmpty() {
        return bars.isEmpty();
    }
}
