package app.syncboard.hosts;

/** Which side of a pair runs rsync when both are remote hosts. */
public enum Direction {
    /** rsync runs on the primary and sends to the standby, as in the cron-based setups. */
    PUSH,
    /** rsync runs on the standby and fetches from the primary ("the client pulls from the master"). */
    PULL
}
