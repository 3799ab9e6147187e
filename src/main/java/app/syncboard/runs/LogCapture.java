package app.syncboard.runs;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * A run's output, bounded whatever its size: the first {@code headBytes} and the last {@code tailBytes}
 * are kept, the lines between are only counted. Written by the run's thread, read by page requests.
 */
final class LogCapture {

    /**
     * How many of the newest lines (and bytes of them) a live viewer can be sent, at most; older ones are only in the
     * head and tail.
     */
    static final int RECENT_LINES = 2000;

    static final int RECENT_BYTES = 256 * 1024;

    private final int headBytes;
    private final int tailBytes;
    private final StringBuilder head = new StringBuilder();
    private final Deque<String> tail = new ArrayDeque<>();
    private int headSize;
    private int tailSize;
    private boolean headFull;
    private long linesTotal;
    private long bytesTotal;
    private long linesOmitted;
    private long bytesOmitted;
    /** The newest lines, numbered: line {@code linesTotal - recent.size() + 1} is the first. */
    private final Deque<String> recent = new ArrayDeque<>();

    private int recentSize;

    private boolean closed;

    LogCapture(int headBytes, int tailBytes) {
        this.headBytes = headBytes;
        this.tailBytes = tailBytes;
    }

    synchronized void append(String line) {
        int size = utf8Length(line) + 1;
        linesTotal++;
        bytesTotal += size;
        recent.addLast(line);
        recentSize += size;
        while (recent.size() > 1 && (recent.size() > RECENT_LINES || recentSize > RECENT_BYTES)) {
            recentSize -= utf8Length(recent.removeFirst()) + 1;
        }
        if (!headFull && headSize + size <= headBytes) {
            head.append(line).append('\n');
            headSize += size;
            return;
        }
        headFull = true;
        tail.addLast(line);
        tailSize += size;
        while (tailSize > tailBytes && !tail.isEmpty()) {
            String dropped = tail.removeFirst();
            int droppedSize = utf8Length(dropped) + 1;
            tailSize -= droppedSize;
            linesOmitted++;
            bytesOmitted += droppedSize;
        }
    }

    /**
     * The lines after line number {@code after}, oldest first, at most {@code max} of them, for a live viewer: lines
     * that are no longer among the recent ones are passed over and counted ({@code skipped}). {@code closed} says that
     * every line of the run is in and this chunk reaches the last one.
     */
    synchronized Chunk linesAfter(long after, int max) {
        long from = Math.max(0, after);
        long firstRecent = linesTotal - recent.size() + 1;
        long skipped = Math.max(0, firstRecent - 1 - from);
        long start = from + skipped + 1;
        int sent = (int) Math.max(0, Math.min(max, linesTotal - start + 1));
        List<String> lines = new ArrayList<>(sent);
        recent.stream().skip(start - firstRecent).limit(sent).forEach(lines::add);
        long last = start - 1 + sent;
        return new Chunk(skipped, lines, last, closed && last == linesTotal);
    }

    /** Every line is in: a viewer that has them all can stop. */
    synchronized void close() {
        closed = true;
    }

    /**
     * Lines for a live viewer: {@code skipped} lines before them were passed over, {@code last} is the number of the
     * last line sent (the next request asks for the lines after it).
     */
    record Chunk(long skipped, List<String> lines, long last, boolean closed) {}

    synchronized String text() {
        StringBuilder text = new StringBuilder(headSize + tailSize + 80).append(head);
        if (linesOmitted > 0) {
            text.append(omittedMarker(linesOmitted)).append(bytesOmitted).append(" bytes) omitted ...\n");
        }
        for (String line : tail) {
            text.append(line).append('\n');
        }
        return text.toString();
    }

    /**
     * The last {@code lines} lines, after a line counting the ones before: taken from the kept tail when it holds
     * enough (the page polls this every second while the run goes), else from the whole kept text.
     */
    synchronized String lastLines(int lines, String where) {
        if (tail.size() < lines) {
            return lastLines(text(), linesOmitted, lines, where);
        }
        StringBuilder shown = new StringBuilder();
        tail.stream()
                .skip(tail.size() - lines)
                .forEach(line -> shown.append(line).append('\n'));
        return earlier(linesTotal - lines, where) + shown;
    }

    /**
     * The last {@code lines} lines of a kept log text whose marker line stands for {@code omitted} lines, after a line
     * counting every line of the output before them, the omitted ones included.
     */
    static String lastLines(String text, long omitted, int lines, String where) {
        int start = text.length();
        for (int i = 0; i <= lines && start > 0; i++) {
            start = text.lastIndexOf('\n', start - 1);
        }
        if (start <= 0) {
            return text;
        }
        String shown = text.substring(start + 1);
        long before =
                text.substring(0, start + 1).chars().filter(c -> c == '\n').count();
        String marker = omittedMarker(omitted);
        if (omitted > 0 && !shown.startsWith(marker) && !shown.contains("\n" + marker)) {
            // The marker line is among the earlier ones: it stands for the omitted lines, it is not one itself.
            before += omitted - 1;
        }
        return earlier(before, where) + shown;
    }

    /** The size of the text in UTF-8, counted without encoding it (a run may print millions of lines). */
    static int utf8Length(String text) {
        int bytes = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                bytes++;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c)
                    && i + 1 < text.length()
                    && Character.isLowSurrogate(text.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else if (Character.isSurrogate(c)) {
                bytes++; // a lone half is written as "?"
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }

    private static String omittedMarker(long lines) {
        return "... " + lines + " lines (";
    }

    private static String earlier(long lines, String where) {
        return "... " + lines + " earlier lines: " + where + " ...\n";
    }

    synchronized long linesTotal() {
        return linesTotal;
    }

    synchronized long bytesTotal() {
        return bytesTotal;
    }

    synchronized long linesOmitted() {
        return linesOmitted;
    }
}
