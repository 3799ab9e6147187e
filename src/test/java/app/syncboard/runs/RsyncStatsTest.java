package app.syncboard.runs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RsyncStatsTest {

    private static final Pattern SUMMARY = Pattern.compile("sent ([\\d,.']+) bytes  received ([\\d,.']+) bytes .*");

    @TempDir
    Path dir;

    @Test
    void readsTheFiguresOfARealTransferAndOfItsDeletions() throws Exception {
        Path source = Files.createDirectory(dir.resolve("source"));
        Files.write(source.resolve("small"), new byte[5]);
        Files.write(source.resolve("medium"), new byte[12_345]);
        // Listed by --verbose as a line of its own, before the figures.
        Files.write(source.resolve("Total bytes sent: 999"), new byte[100]);
        String destination = dir.resolve("destination") + "/";

        List<String> first = RealRsync.run("--archive", "--verbose", "--stats", "--delete", source + "/", destination);

        assertThat(first).contains("medium", "Total file size: 12,450 bytes", "Total bytes sent: 999");
        RsyncStats stats = read(first);
        assertThat(stats.filesTotal()).as("3 files and the top directory").isEqualTo(4);
        assertThat(stats.filesTransferred()).isEqualTo(3);
        assertThat(stats.filesDeleted()).isZero();
        assertThat(stats.totalSize()).isEqualTo(5 + 12_345 + 100);
        assertThat(stats.bytesSent()).isGreaterThan(stats.totalSize()).isEqualTo(summary(first, 1));
        assertThat(stats.bytesReceived()).isPositive().isEqualTo(summary(first, 2));

        Files.delete(source.resolve("small"));
        Files.delete(source.resolve("Total bytes sent: 999"));
        List<String> second = RealRsync.run("--archive", "--stats", "--delete", source + "/", destination);

        RsyncStats again = read(second);
        assertThat(again.filesTotal()).isEqualTo(2);
        assertThat(again.filesTransferred()).isZero();
        assertThat(again.filesDeleted()).isEqualTo(2);
        assertThat(again.totalSize()).isEqualTo(12_345);
        assertThat(again.bytesSent()).isEqualTo(summary(second, 1));

        RsyncStats both = read(Stream.concat(first.stream(), second.stream()).toList());
        assertThat(both).isEqualTo(stats.plus(again));
        assertThat(both.filesTotal()).isEqualTo(6);
    }

    @Test
    void readsTheUnitsOfOneHumanReadableOption() throws Exception {
        Path source = Files.createDirectory(dir.resolve("source"));
        Files.write(source.resolve("big"), new byte[1_500_000]);

        List<String> output = RealRsync.run(
                "--archive", "--stats", "--human-readable", source + "/", dir.resolve("destination") + "/");

        assertThat(output).contains("Total file size: 1.50M bytes");
        RsyncStats stats = read(output);
        assertThat(stats.totalSize()).isEqualTo(1_500_000);
        assertThat(stats.bytesSent()).isBetween(1_500_000L, 1_600_000L);
        assertThat(stats.filesTransferred()).isEqualTo(1);
    }

    @Test
    void readsEverySeparatorAndUnit() {
        RsyncStats stats = read(List.of(
                "Number of files: 1.234.567 (reg: 1.000.000, dir: 234.567)",
                "Number of regular files transferred: 1'234",
                "Number of deleted files: 7",
                "Total file size: 1,23K bytes",
                "Total bytes sent: 4.56M",
                "Total bytes received: 2.00T"));

        assertThat(stats).isEqualTo(new RsyncStats(1_234_567L, 1_234L, 7L, 4_560_000L, 2_000_000_000_000L, 1_230L));
        assertThat(RsyncStats.Reader.number("9.22P")).isEqualTo(9_220_000_000_000_000L);
        assertThat(RsyncStats.Reader.number("0")).isZero();
    }

    @Test
    void figuresNotReportedStayNull() {
        RsyncStats stats = read(List.of(
                "sending incremental file list", "", "Number of files: 3 (reg: 2, dir: 1)", "Total bytes sent: 10"));

        assertThat(stats).isEqualTo(new RsyncStats(3L, null, null, 10L, null, null));
        assertThat(stats.isEmpty()).isFalse();
        assertThat(read(List.of("rsync: [sender] change_dir \"/nowhere\" failed", "")))
                .isEqualTo(RsyncStats.NONE);
        assertThat(RsyncStats.NONE.isEmpty()).isTrue();
    }

    @Test
    void takesOnlyWholeLinesInsideTheStatsBlock() {
        RsyncStats stats = read(List.of(
                "Total bytes sent: 1",
                "",
                "Number of files: 2",
                "dir/Total bytes sent: 5",
                " Total bytes sent: 6",
                "Total bytes sent: 7 bytes extra",
                "Total bytes received: 8",
                "",
                "Total bytes sent: 9"));

        assertThat(stats).isEqualTo(new RsyncStats(2L, null, null, null, 8L, null));
    }

    @Test
    void plusAddsFigureByFigureAndKeepsWhatNeitherReported() {
        RsyncStats a = new RsyncStats(1L, null, 3L, null, 5L, null);
        RsyncStats b = new RsyncStats(10L, 20L, null, null, 50L, null);

        assertThat(a.plus(b)).isEqualTo(new RsyncStats(11L, 20L, 3L, null, 55L, null));
        assertThat(RsyncStats.NONE.plus(RsyncStats.NONE)).isEqualTo(RsyncStats.NONE);
        assertThat(RsyncStats.NONE.plus(a)).isEqualTo(a);
    }

    private static RsyncStats read(List<String> lines) {
        RsyncStats.Reader reader = new RsyncStats.Reader();
        lines.forEach(reader);
        return reader.result();
    }

    /** From the "sent N bytes  received M bytes" line that rsync prints after the figures: the same numbers again. */
    private static long summary(List<String> output, int group) {
        Matcher summary = output.stream()
                .map(SUMMARY::matcher)
                .filter(Matcher::matches)
                .findFirst()
                .orElseThrow();
        return RsyncStats.Reader.number(summary.group(group));
    }
}
