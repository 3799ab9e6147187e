package app.syncboard.hosts;

import java.util.ArrayList;
import java.util.List;

/**
 * A request to stop a command that is running: the UI's "Cancel", a time limit, or shutdown. Whoever runs the command
 * registers how to stop it; {@link #cancel} runs those actions once, on the caller's thread.
 */
public final class Cancellation {

    private final List<Runnable> actions = new ArrayList<>();
    private String reason;

    /** @return whether this call cancelled (false when it was cancelled already) */
    public boolean cancel(String why) {
        List<Runnable> toRun;
        synchronized (this) {
            if (reason != null) {
                return false;
            }
            reason = why;
            toRun = List.copyOf(actions);
        }
        toRun.forEach(Runnable::run);
        return true;
    }

    public synchronized boolean isCancelled() {
        return reason != null;
    }

    /** Registers how to stop; runs it at once when already cancelled. */
    void onCancel(Runnable action) {
        synchronized (this) {
            if (reason == null) {
                actions.add(action);
                return;
            }
        }
        action.run();
    }
}
