package app.syncboard.monitoring;

/**
 * A job's state in the monitoring plugins' terms. {@code httpStatus} carries it to a stock {@code check_curl}
 * or {@code check_http}, which read 2xx as OK, 4xx as WARNING and 5xx as CRITICAL.
 */
public enum SyncState {
    OK(0, 200),
    WARNING(1, 429),
    CRITICAL(2, 503),
    UNKNOWN(3, 503);

    private final int code;
    private final int httpStatus;

    SyncState(int code, int httpStatus) {
        this.code = code;
        this.httpStatus = httpStatus;
    }

    /** The plugin exit code: 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN. */
    public int code() {
        return code;
    }

    public int httpStatus() {
        return httpStatus;
    }

    /** How bad, for "worst first": CRITICAL, UNKNOWN, WARNING, OK. */
    int severity() {
        return switch (this) {
            case OK -> 0;
            case WARNING -> 1;
            case UNKNOWN -> 2;
            case CRITICAL -> 3;
        };
    }

    static SyncState worst(SyncState a, SyncState b) {
        return a.severity() >= b.severity() ? a : b;
    }

    /** The worst state of the jobs; OK for none. */
    static SyncState worstOf(java.util.List<JobHealth> jobs) {
        return jobs.stream().map(JobHealth::state).reduce(OK, SyncState::worst);
    }
}
