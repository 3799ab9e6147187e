package app.syncboard.bench;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * What must be stopped however the bench ends (done, failed, Ctrl-C): the app, the PostgreSQL server, the work
 * directory. Each is closed by its owner when done; a shutdown hook closes what is left, newest first.
 */
final class Cleanup {

    private static final Deque<AutoCloseable> OPEN = new ArrayDeque<>();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(Cleanup::closeAll, "bench-cleanup"));
    }

    private Cleanup() {}

    static synchronized <T extends AutoCloseable> T register(T resource) {
        OPEN.push(resource);
        return resource;
    }

    static synchronized void forget(AutoCloseable resource) {
        OPEN.remove(resource);
    }

    private static void closeAll() {
        AutoCloseable next;
        while ((next = next()) != null) {
            try {
                next.close();
            } catch (Exception e) {
                System.err.println("Clean-up: " + e.getMessage());
            }
        }
    }

    private static synchronized AutoCloseable next() {
        return OPEN.poll();
    }
}
