package app.syncboard.hosts;

import java.util.List;

/**
 * What uses a pair, asked by the pair pages before deleting or moving one. Implemented by the modules that
 * hang things on pairs (the jobs module), so that this module needs none of them.
 */
public interface PairUsage {

    /** Names of what uses the pair, for people to read. */
    List<String> usersOf(long pairId);

    /** Names of what runs by itself on the pair and would stop when its sides change. */
    List<String> scheduledOn(long pairId);
}
