package app.syncboard.jobs;

import app.syncboard.hosts.PairUsage;
import java.util.List;
import org.springframework.stereotype.Component;

@Component
class JobsOfPairs implements PairUsage {

    private final SyncJobs jobs;

    JobsOfPairs(SyncJobs jobs) {
        this.jobs = jobs;
    }

    @Override
    public List<String> usersOf(long pairId) {
        return jobs.findByPairIdOrderByName(pairId).stream()
                .map(job -> "job " + job.name())
                .toList();
    }

    @Override
    public List<String> scheduledOn(long pairId) {
        return jobs.findByPairIdOrderByName(pairId).stream()
                .filter(SyncJob::enabled)
                .map(SyncJob::name)
                .toList();
    }
}
