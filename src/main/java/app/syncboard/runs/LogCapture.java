package app.syncboard.runs;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * A run's output, bounded whatever its size: the first {@code headBytes} and the last {@code tailBytes}
 * are kept, the lines between are only counted. Written by the run's thread, read by page requests.
 */
final class LogCapture {

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

    LogCapture(int headBytes, int tailBytes) {
        this.headBytes = headBytes;
        this.tailBytes = tailBytes;
    }

    synchronized void append(String line) {
        int size = line.getBytes(StandardCharsets.UTF_8).length + 1;
        linesTotal++;
        bytesTotal += size;
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
            int droppedSize = dropped.getBytes(StandardCharsets.UTF_8).length + 1;
            tailSize -= droppedSize;
            linesOmitted++;
            bytesOmitted += droppedSize;
        }
    }

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
