package app.syncboard.api;

import app.syncboard.api.ApiViews.RunView;
import app.syncboard.audit.Audited;
import app.syncboard.runs.Run;
import app.syncboard.runs.RunHistory;
import app.syncboard.runs.RunLauncher;
import app.syncboard.runs.RunLogs;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** One run, its log, and cancelling it. */
@RestController
@RequestMapping("/api/v1/runs")
class RunsApi {

    private final RunHistory history;
    private final RunLogs logs;
    private final RunLauncher launcher;

    RunsApi(RunHistory history, RunLogs logs, RunLauncher launcher) {
        this.history = history;
        this.logs = logs;
        this.launcher = launcher;
    }

    @GetMapping("/{id}")
    RunView one(@PathVariable long id) {
        return RunView.of(run(id));
    }

    /** The stored log as plain text (the first and last part of a very long one, with the omission marked). */
    @GetMapping(value = "/{id}/log", produces = MediaType.TEXT_PLAIN_VALUE)
    ResponseEntity<String> log(@PathVariable long id) {
        run(id);
        return ResponseEntity.ok()
                .contentType(new MediaType(MediaType.TEXT_PLAIN, StandardCharsets.UTF_8))
                .body(logs.text(id).orElse(""));
    }

    /** Stops a queued or running run (202), or says why not (409: it has ended, or runs on another node). */
    @PostMapping("/{id}/cancel")
    @Audited("run.cancel")
    ResponseEntity<RunView> cancel(@PathVariable long id, Principal caller) {
        Run run = run(id);
        if (!run.isActive()) {
            throw new ApiProblem(HttpStatus.CONFLICT, "Not running", "Run #" + id + " has ended already.");
        }
        if (!launcher.cancel(id, caller.getName())) {
            throw new ApiProblem(
                    HttpStatus.CONFLICT,
                    "Not running here",
                    "Run #" + id + " runs on node " + run.node() + "; cancel it there.");
        }
        return ResponseEntity.accepted().body(RunView.of(run(id)));
    }

    private Run run(long id) {
        return history.find(id)
                .orElseThrow(() -> new ApiProblem(HttpStatus.NOT_FOUND, "No such run", "There is no run " + id + "."));
    }
}
