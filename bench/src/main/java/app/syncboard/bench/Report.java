package app.syncboard.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/** The results of one database as Markdown: a table of page times against the budgets, one of the 1 GB run. */
final class Report {

    private static final List<String> PAGE_HEADER =
            List.of("page", "request", "samples", "p50 ms", "p95 ms", "max ms", "budget (p95)", "result");
    private static final List<String> CHECK_HEADER = List.of("1 GB run", "budget", "measured", "result");

    private final String title;
    private final List<String> notes = new ArrayList<>();
    private final List<List<String>> pages = new ArrayList<>();
    private final List<List<String>> checks = new ArrayList<>();
    private int misses;

    Report(String title) {
        this.title = title;
    }

    void note(String text) {
        notes.add(text);
    }

    /** A page with a budget for its p95 in milliseconds, or none (null). */
    void page(String name, String request, Double budgetMillis, Timings timings) {
        boolean pass = budgetMillis == null || timings.p95() <= budgetMillis;
        pages.add(List.of(
                name,
                "`" + request + "`",
                Integer.toString(timings.count()),
                millis(timings.p50()),
                millis(timings.p95()),
                millis(timings.max()),
                budgetMillis == null ? "none" : "≤ " + millis(budgetMillis),
                budgetMillis == null ? "measured" : result(pass)));
    }

    void skipped(String name, String request, String why) {
        pages.add(List.of(name, "`" + request + "`", "", "", "", "", "", "skipped: " + why));
    }

    void check(String what, String budget, String measured, boolean pass) {
        checks.add(List.of(what, budget, measured, result(pass)));
    }

    /** A check that could not be judged (too few samples); says why instead of pass or miss. */
    void inconclusive(String what, String budget, String measured, String why) {
        checks.add(List.of(what, budget, measured, "inconclusive: " + why));
    }

    int misses() {
        return misses;
    }

    private String result(boolean pass) {
        misses += pass ? 0 : 1;
        return pass ? "pass" : "**miss**";
    }

    static String millis(double value) {
        return String.format(Locale.ROOT, value < 10 ? "%.1f" : "%.0f", value);
    }

    String markdown() {
        StringBuilder text = new StringBuilder("### ").append(title).append("\n\n");
        notes.forEach(note -> text.append(note).append("\n"));
        text.append("\n").append(table(PAGE_HEADER, pages));
        if (!checks.isEmpty()) {
            text.append("\n").append(table(CHECK_HEADER, checks));
        }
        return text.toString();
    }

    void write(Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, markdown());
    }

    /** A Markdown table with its columns padded, so that it reads as well in a terminal. */
    private static String table(List<String> header, List<List<String>> rows) {
        List<List<String>> all = Stream.concat(Stream.of(header), rows.stream()).toList();
        int[] widths = IntStream.range(0, header.size())
                .map(column -> all.stream()
                        .mapToInt(row -> row.get(column).length())
                        .max()
                        .orElse(0))
                .toArray();
        StringBuilder text = new StringBuilder(line(header, widths));
        text.append(line(
                IntStream.range(0, widths.length)
                        .mapToObj(column -> "-".repeat(Math.max(3, widths[column])))
                        .toList(),
                widths));
        rows.forEach(row -> text.append(line(row, widths)));
        return text.toString();
    }

    private static String line(List<String> cells, int[] widths) {
        return IntStream.range(0, cells.size())
                        .mapToObj(column -> cells.get(column)
                                + " ".repeat(widths[column] - cells.get(column).length()))
                        .collect(Collectors.joining(" | ", "| ", " |"))
                + "\n";
    }
}
