package app.syncboard.runbooks;

import app.syncboard.audit.Audit;
import app.syncboard.audit.Audited;
import app.syncboard.hosts.Pair;
import app.syncboard.hosts.Pairs;
import app.syncboard.runbooks.RunbookYaml.Problem;
import java.net.URI;
import java.security.Principal;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Runbooks over the REST API: export and import their YAML, follow an execution, and complete its manual step (what
 * an operator does on the page, so a token that may trigger runs may do it). Steps are named by their position, from
 * 0, as {@code steps} lists them. Errors are {@code application/problem+json}, as in the rest of the API.
 */
@RestController
class RunbooksApi {

    private final Runbooks runbooks;
    private final Executions executions;
    private final RunbookEngine engine;
    private final Pairs pairs;

    RunbooksApi(Runbooks runbooks, Executions executions, RunbookEngine engine, Pairs pairs) {
        this.runbooks = runbooks;
        this.executions = executions;
        this.engine = engine;
        this.pairs = pairs;
    }

    record RunbookView(long id, long pairId, String name, String description, long version, String export) {
        static RunbookView of(Runbook runbook) {
            return new RunbookView(
                    runbook.id(),
                    runbook.pairId(),
                    runbook.name(),
                    runbook.description(),
                    runbook.version(),
                    exportPath(runbook.id()));
        }
    }

    record StepView(
            int position,
            String title,
            String kind,
            String status,
            int attempts,
            Integer exitCode,
            Instant startedAt,
            Instant endedAt,
            String note,
            String doneBy,
            Long runId) {
        static StepView of(ExecutionStep step) {
            return new StepView(
                    step.position(),
                    step.title(),
                    step.kind().key(),
                    step.status().name(),
                    step.attempts(),
                    step.exitCode(),
                    step.startedAt(),
                    step.endedAt(),
                    step.note(),
                    step.doneBy(),
                    step.runId());
        }
    }

    record ExecutionView(
            long id,
            long runbookId,
            long pairId,
            String runbookName,
            boolean rehearsal,
            String status,
            String startedBy,
            Instant startedAt,
            Instant endedAt,
            Integer currentStep,
            String message,
            List<StepView> steps) {
        static ExecutionView of(Execution execution, List<ExecutionStep> steps) {
            return new ExecutionView(
                    execution.id(),
                    execution.runbookId(),
                    execution.pairId(),
                    execution.runbookName(),
                    execution.rehearsal(),
                    execution.status().name(),
                    execution.startedBy(),
                    execution.startedAt(),
                    execution.endedAt(),
                    execution.currentStep(),
                    execution.message(),
                    steps.stream().map(StepView::of).toList());
        }
    }

    /** The body of Done: an optional comment, kept with the step. */
    record Done(String comment) {}

    /** The runbook's YAML, as the page's Export gives it. */
    @GetMapping("/api/v1/runbooks/{id}/export")
    ResponseEntity<String> export(@PathVariable long id) {
        return ResponseEntity.ok()
                .contentType(RunbookController.YAML)
                .body(runbook(id).steps());
    }

    /** A new runbook of the pair from the YAML in the body: 201, or 422 listing every problem with its place. */
    @PostMapping("/api/v1/runbooks")
    @Audited("runbook.create")
    ResponseEntity<RunbookView> create(@RequestParam long pair, @RequestBody(required = false) String yaml) {
        Pair owner = pairs.findById(pair)
                .orElseThrow(() -> problem(HttpStatus.NOT_FOUND, "No such pair", "There is no pair " + pair + "."));
        Runbooks.Saved saved = runbooks.create(owner.id(), yaml);
        if (!saved.ok()) {
            List<Problem> problems = saved.problems();
            ErrorResponseException refused = problem(
                    HttpStatus.UNPROCESSABLE_CONTENT,
                    "Not saved",
                    "The runbook has " + problems.size() + (problems.size() == 1 ? " problem: " : " problems: ")
                            + problems.stream().map(Problem::toString).collect(Collectors.joining("; ")));
            refused.getBody().setProperty("problems", problems);
            throw refused;
        }
        Runbook runbook = saved.runbook();
        Audit.target(RunbookAuditNames.RUNBOOK, runbook.id(), runbook.name());
        Audit.detail("pair: " + owner.name());
        Audit.detail("steps: " + runbook.definition().steps().size());
        return ResponseEntity.created(URI.create(exportPath(runbook.id()))).body(RunbookView.of(runbook));
    }

    @GetMapping("/api/v1/runbook-executions/{id}")
    ExecutionView execution(@PathVariable long id) {
        return ExecutionView.of(find(id), executions.steps(id));
    }

    /** Completes the manual step the execution waits at: 200 with the execution, or 409 when it does not wait there. */
    @PostMapping("/api/v1/runbook-executions/{id}/steps/{position}/done")
    @Audited(value = "runbook.step-done", target = RunbookAuditNames.EXECUTION)
    ExecutionView done(
            @PathVariable long id,
            @PathVariable int position,
            @RequestBody(required = false) Done body,
            Principal caller) {
        find(id);
        Audit.detail("step " + (position + 1));
        String comment =
                body == null || body.comment() == null ? "" : body.comment().strip();
        if (comment.length() > ExecutionController.MAX_NOTE) {
            throw problem(
                    HttpStatus.BAD_REQUEST,
                    "Comment too long",
                    "The comment has " + comment.length() + " characters; at most " + ExecutionController.MAX_NOTE
                            + " are kept.");
        }
        if (!comment.isEmpty()) {
            Audit.detail("comment: " + RunbookController.oneLine(comment));
        }
        try {
            engine.done(id, position, comment, caller.getName());
        } catch (RunbookEngine.Refused e) {
            throw problem(HttpStatus.CONFLICT, "Not waiting", e.getMessage());
        }
        return execution(id);
    }

    private static String exportPath(long id) {
        return "/api/v1/runbooks/" + id + "/export";
    }

    private Runbook runbook(long id) {
        return runbooks.find(id)
                .orElseThrow(() -> problem(HttpStatus.NOT_FOUND, "No such runbook", "There is no runbook " + id + "."));
    }

    private Execution find(long id) {
        return executions
                .find(id)
                .orElseThrow(() -> problem(
                        HttpStatus.NOT_FOUND, "No such execution", "There is no runbook execution " + id + "."));
    }

    private static ErrorResponseException problem(HttpStatus status, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(title);
        return new ErrorResponseException(status, problem, null);
    }

    /** This API's errors, and Spring MVC's own (a missing pair, a body that is not JSON), as problem details. */
    @RestControllerAdvice(assignableTypes = RunbooksApi.class)
    static class Errors extends ResponseEntityExceptionHandler {}
}
