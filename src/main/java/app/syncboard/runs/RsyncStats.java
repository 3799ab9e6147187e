package app.syncboard.runs;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The figures of a run that rsync prints with {@code --stats}; a null figure was not reported. A run of several rsync
 * invocations has the sum of their figures.
 *
 * @param filesTotal "Number of files": every item of the file list, directories and links included
 * @param filesTransferred "Number of regular files transferred"
 * @param filesDeleted "Number of deleted files"
 * @param totalSize "Total file size", in bytes
 */
public record RsyncStats(
        Long filesTotal, Long filesTransferred, Long filesDeleted, Long bytesSent, Long bytesReceived, Long totalSize) {

    public static final RsyncStats NONE = new RsyncStats(null, null, null, null, null, null);

    public boolean isEmpty() {
        return equals(NONE);
    }

    public RsyncStats plus(RsyncStats other) {
        return new RsyncStats(
                sum(filesTotal, other.filesTotal),
                sum(filesTransferred, other.filesTransferred),
                sum(filesDeleted, other.filesDeleted),
                sum(bytesSent, other.bytesSent),
                sum(bytesReceived, other.bytesReceived),
                sum(totalSize, other.totalSize));
    }

    private static Long sum(Long a, Long b) {
        if (a == null) {
            return b;
        }
        return b == null ? a : a + b;
    }

    /**
     * Reads the figures from the lines of a run's output, ignoring all others; several stats blocks (one per rsync
     * invocation) add up.
     *
     * <p>Numbers are read in each of rsync's {@code --human-readable} levels: digits alone (level 0), digits grouped
     * by "," or "." (level 1, the default; "'" is accepted too), or two decimals and a unit letter (level 2, one
     * {@code -h}). A unit letter is taken as a power of 1000, as level 2 prints it; level 3 ({@code -hh}) prints the
     * same letters for powers of 1024, which the output cannot tell apart, so its figures read 2.4% low at K and up to
     * 11% low at P.
     */
    public static final class Reader implements Consumer<String> {

        private static final Pattern FIGURE = Pattern.compile("(Number of files|Number of regular files transferred"
                + "|Number of deleted files|Total file size|Total bytes sent|Total bytes received)"
                + ": (\\d+(?:[.,]\\d+)?[KMGTP]|\\d+(?:[,.']\\d{3})*)(?: bytes| \\(.*\\))?");

        private static final String UNITS = "KMGTP";

        private RsyncStats stats = NONE;
        // The block opens at "Number of files" and ends at a blank line: --verbose lists the files before it, and a
        // file may be named like a figure.
        private boolean inBlock;

        @Override
        public void accept(String line) {
            if (line.isEmpty()) {
                inBlock = false;
                return;
            }
            Matcher figure = FIGURE.matcher(line);
            if (!figure.matches()) {
                return;
            }
            long n = number(figure.group(2));
            switch (figure.group(1)) {
                case "Number of files" -> {
                    inBlock = true;
                    stats = stats.plus(new RsyncStats(n, null, null, null, null, null));
                }
                case "Number of regular files transferred" -> add(new RsyncStats(null, n, null, null, null, null));
                case "Number of deleted files" -> add(new RsyncStats(null, null, n, null, null, null));
                case "Total bytes sent" -> add(new RsyncStats(null, null, null, n, null, null));
                case "Total bytes received" -> add(new RsyncStats(null, null, null, null, n, null));
                case "Total file size" -> add(new RsyncStats(null, null, null, null, null, n));
            }
        }

        private void add(RsyncStats figure) {
            if (inBlock) {
                stats = stats.plus(figure);
            }
        }

        public RsyncStats result() {
            return stats;
        }

        static long number(String text) {
            int power = UNITS.indexOf(text.charAt(text.length() - 1)) + 1;
            if (power == 0) {
                return Long.parseLong(text.replaceAll("[,.']", ""));
            }
            // Level 2 prints "%.2f" in the locale's decimal point, "." or ",".
            return new BigDecimal(text.substring(0, text.length() - 1).replace(',', '.'))
                    .scaleByPowerOfTen(3 * power)
                    .setScale(0, RoundingMode.HALF_UP)
                    .longValueExact();
        }
    }
}
