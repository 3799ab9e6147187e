package app.syncboard.runbooks;

import app.syncboard.hosts.PairUsage;
import java.util.List;
import org.springframework.stereotype.Component;

/** A pair's runbooks keep it from being deleted (their executions are its history); the pair pages name them. */
@Component
class RunbooksOfPairs implements PairUsage {

    private final Runbooks runbooks;

    RunbooksOfPairs(Runbooks runbooks) {
        this.runbooks = runbooks;
    }

    @Override
    public List<String> usersOf(long pairId) {
        return runbooks.ofPair(pairId).stream()
                .map(runbook -> "runbook " + runbook.name())
                .toList();
    }

    @Override
    public List<String> scheduledOn(long pairId) {
        return List.of();
    }
}
