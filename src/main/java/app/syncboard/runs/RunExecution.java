package app.syncboard.runs;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

/** The threads runs execute on, and Spring's scheduler for {@link RunWorker#sweep()}. */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
class RunExecution {

    /**
     * Runs execute here, at most {@code syncboard.max-parallel-runs} at once; the others wait as QUEUED. There is at
     * most one run per job, so the queue is bounded by the number of jobs.
     */
    @Bean
    ThreadPoolTaskExecutor runExecutor(RunSettings settings) {
        ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutor();
        executor.setThreadNamePrefix("run-");
        executor.setCorePoolSize(settings.maxParallelRuns());
        executor.setMaxPoolSize(settings.maxParallelRuns());
        executor.setWaitForTasksToCompleteOnShutdown(true);
        // At shutdown rsync is stopped and queued runs end without starting, so this is quick.
        executor.setAwaitTerminationSeconds(8);
        return executor;
    }
}
