package app.syncboard.api;

import app.syncboard.api.ApiViews.JobView;
import app.syncboard.api.ApiViews.RunPage;
import app.syncboard.api.ApiViews.RunView;
import app.syncboard.audit.Audited;
import app.syncboard.jobs.SyncJob;
import app.syncboard.jobs.SyncJobs;
import app.syncboard.runs.Run;
import app.syncboard.runs.RunHistory;
import app.syncboard.runs.RunLauncher;
import app.syncboard.runs.RunStatus;
import app.syncboard.runs.RunTrigger;
import app.syncboard.runs.UnknownJob;
import java.net.URI;
import java.security.Principal;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Jobs, their runs, and "Sync now" for scripts. */
@RestController
@RequestMapping("/api/v1/jobs")
class JobsApi {

    static final int MAX_PAGE = 200;

    private final SyncJobs jobs;
    private final RunHistory history;
    private final RunLauncher launcher;

    JobsApi(SyncJobs jobs, RunHistory history, RunLauncher launcher) {
        this.jobs = jobs;
        this.history = history;
        this.launcher = launcher;
    }

    @GetMapping
    List<JobView> all() {
        return jobs.findAllByOrderByName().stream().map(JobView::of).toList();
    }

    @GetMapping("/{id}")
    JobView one(@PathVariable long id) {
        return JobView.of(job(id));
    }

    /**
     * The job's runs, newest first, {@code limit} at a time (1 to 200, default 50); {@code before} (a run id) asks
     * for the page after it. Paged by key, so page 1,000 costs what page 1 does.
     */
    @GetMapping("/{id}/runs")
    RunPage runs(
            @PathVariable long id,
            @RequestParam(required = false) Long before,
            @RequestParam(defaultValue = "50") int limit) {
        job(id);
        if (limit < 1 || limit > MAX_PAGE) {
            throw new ApiProblem(HttpStatus.BAD_REQUEST, "Bad limit", "limit must be from 1 to " + MAX_PAGE + ".");
        }
        List<Run> page = history.pageOfJob(id, before, limit);
        String next = page.size() == limit
                ? "/api/v1/jobs/" + id + "/runs?before="
                        + page.get(page.size() - 1).id() + "&limit=" + limit
                : null;
        return new RunPage(page.stream().map(RunView::of).toList(), next);
    }

    /**
     * Starts a run now (trigger API, by the token's name): 202 with the queued run, or 409 with the reason when it
     * cannot start (another run is going, the pair is paused).
     */
    @PostMapping("/{id}/runs")
    @Audited(value = "run.sync-now", target = "job")
    ResponseEntity<RunView> trigger(@PathVariable long id, Principal caller) {
        job(id);
        Run run;
        try {
            run = launcher.launch(id, RunTrigger.API, caller.getName());
        } catch (UnknownJob e) {
            throw new ApiProblem(HttpStatus.NOT_FOUND, "No such job", "There is no job " + id + ".");
        }
        if (run.status() == RunStatus.SKIPPED) {
            throw new ApiProblem(HttpStatus.CONFLICT, "Not started", run.message());
        }
        return ResponseEntity.accepted()
                .location(URI.create("/api/v1/runs/" + run.id()))
                .body(RunView.of(run));
    }

    private SyncJob job(long id) {
        return jobs.findById(id)
                .orElseThrow(() -> new ApiProblem(HttpStatus.NOT_FOUND, "No such job", "There is no job " + id + "."));
    }
}
