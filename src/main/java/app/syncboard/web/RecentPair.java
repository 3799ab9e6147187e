package app.syncboard.web;

import app.syncboard.hosts.Pair;
import java.util.Comparator;
import java.util.List;

/** One pair's rows on the "last 24 hours" page; a pair with a failure comes first. */
public record RecentPair(Pair pair, List<RecentRow> rows) {

    public RecentRow.Rank rank() {
        return rows.stream().map(RecentRow::rank).min(Comparator.naturalOrder()).orElse(RecentRow.Rank.QUIET);
    }
}
