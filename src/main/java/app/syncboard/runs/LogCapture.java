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
            text.append("... ")
                    .append(linesOmitted)
                    .append(" lines (")
                    .append(bytesOmitted)
                    .append(" bytes) omitted ...\n");
        }
        for (String line : tail) {
            text.append(line).append('\n');
        }
        return text.toString();
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
