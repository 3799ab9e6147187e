package app.syncboard.hosts;

/**
 * Published, inside the transaction that saves it, when a pair's primary or standby (host or base path) changed:
 * its jobs would now copy somewhere else, maybe in the other direction.
 */
public record PairSidesChanged(long pairId) {}
