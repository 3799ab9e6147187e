package app.syncboard.hosts;

import java.io.IOException;

/** An SSH problem, classified so that the run record and the UI can say in words what went wrong. */
public class SshFailure extends IOException {

    public enum Kind {
        CONNECTION_REFUSED,
        TIMEOUT,
        UNKNOWN_HOST,
        AUTHENTICATION_FAILED,
        HOST_KEY_CHANGED,
        HOST_KEY_NOT_ACCEPTED,
        KEY_UNREADABLE,
        CONNECTION_LOST,
        OTHER
    }

    private final Kind kind;

    public SshFailure(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public SshFailure(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
