package app.syncboard.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** What the results were measured on, as BENCHMARKS.md records it: CPUs, memory, OS, Java, and how busy it was. */
final class Machine {

    private Machine() {}

    static String describe() throws IOException {
        String memory = grep("/proc/meminfo", "MemTotal:\\s*([0-9]+) kB");
        return String.format(
                Locale.ROOT,
                "%d × %s, %s GiB memory, %s (Linux %s), %s %s",
                Runtime.getRuntime().availableProcessors(),
                grep("/proc/cpuinfo", "model name\\s*:\\s*(.*)"),
                memory.isEmpty() ? "?" : Math.round(Long.parseLong(memory) / 1024.0 / 1024.0),
                grep("/etc/os-release", "PRETTY_NAME=\"?([^\"]*)\"?"),
                System.getProperty("os.version"),
                System.getProperty("java.vm.name"),
                System.getProperty("java.runtime.version"));
    }

    /** The 1, 5 and 15 minute load averages: other work on the machine shows in the times. */
    static String loadAverage() throws IOException {
        Path file = Path.of("/proc/loadavg");
        return Files.isReadable(file)
                ? String.join(" ", List.of(Files.readString(file).split(" ")).subList(0, 3))
                : "?";
    }

    private static String grep(String file, String pattern) throws IOException {
        Path path = Path.of(file);
        if (!Files.isReadable(path)) {
            return "";
        }
        Pattern regex = Pattern.compile(pattern);
        try (Stream<String> lines = Files.lines(path)) {
            return lines.map(regex::matcher)
                    .filter(Matcher::matches)
                    .map(match -> match.group(1).strip())
                    .findFirst()
                    .orElse("");
        }
    }
}
