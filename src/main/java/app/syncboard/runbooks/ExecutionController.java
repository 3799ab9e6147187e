package app.syncboard.runbooks;

import app.syncboard.audit.Audit;
import app.syncboard.audit.Audited;
import app.syncboard.hosts.Hosts;
import app.syncboard.hosts.Pair;
import app.syncboard.hosts.Pairs;
import java.security.Principal;
import java.util.List;
import java.util.function.Supplier;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * An execution (or rehearsal) of a runbook: its steps as they went, refreshed by htmx while it is under way, and what
 * people do with it: Done on a manual step, and Retry, Skip and Abort.
 */
@Controller
@RequestMapping("/runbooks/executions")
class ExecutionController {

    /** A comment or reason is kept with the step (2,000 characters, with who and why around it). */
    static final int MAX_NOTE = 1000;

    private final Executions executions;
    private final Runbooks runbooks;
    private final RunbookEngine engine;
    private final Pairs pairs;
    private final Hosts hosts;

    ExecutionController(Executions executions, Runbooks runbooks, RunbookEngine engine, Pairs pairs, Hosts hosts) {
        this.executions = executions;
        this.runbooks = runbooks;
        this.engine = engine;
        this.pairs = pairs;
        this.hosts = hosts;
    }

    /** A step of the execution with what it does, as the runbook said when the execution started (null if unknown). */
    record Row(ExecutionStep step, StepText text) {}

    /** The whole page, or only its part that changes (for htmx, every 2 s while the execution is under way). */
    @GetMapping("/{id}")
    String execution(
            @PathVariable long id, @RequestHeader(value = "HX-Request", required = false) String htmx, Model model) {
        Execution execution = find(id);
        Pair pair = pairs.findById(execution.pairId()).orElseThrow();
        List<StepText> texts = StepText.of(definition(execution), pair, hosts);
        model.addAttribute("execution", execution);
        model.addAttribute("pair", pair);
        model.addAttribute("runbookExists", runbooks.find(execution.runbookId()).isPresent());
        model.addAttribute(
                "rows",
                executions.steps(id).stream()
                        .map(step -> new Row(step, step.position() < texts.size() ? texts.get(step.position()) : null))
                        .toList());
        model.addAttribute("maxNote", MAX_NOTE);
        return htmx == null ? "runbooks/execution" : "runbooks/execution :: live";
    }

    @PostMapping("/{id}/steps/{position}/done")
    @Audited(value = "runbook.step-done", target = RunbookAuditNames.EXECUTION)
    String done(
            @PathVariable long id,
            @PathVariable int position,
            @RequestParam(defaultValue = "") String comment,
            Principal user,
            RedirectAttributes redirect) {
        Execution execution = find(id);
        Audit.detail(stepLine(execution, position));
        String text = comment.strip();
        if (text.length() > MAX_NOTE) {
            redirect.addFlashAttribute(
                    "notice", Audit.failed("Not done: write the comment in at most " + MAX_NOTE + " characters."));
            return back(id);
        }
        if (!text.isEmpty()) {
            Audit.detail("comment: " + RunbookController.oneLine(text));
        }
        return act(id, redirect, () -> {
            engine.done(id, position, text, user.getName());
            return "Step " + (position + 1) + " done.";
        });
    }

    @PostMapping("/{id}/retry")
    @Audited(value = "runbook.retry", target = RunbookAuditNames.EXECUTION)
    String retry(@PathVariable long id, Principal user, RedirectAttributes redirect) {
        Execution execution = find(id);
        if (execution.currentStep() != null) {
            Audit.detail(stepLine(execution, execution.currentStep()));
        }
        return act(id, redirect, () -> {
            engine.retry(id, user.getName());
            return "Retrying step " + (execution.currentStep() + 1) + ".";
        });
    }

    /** Skips the halted step; the reason is required and kept with the step. */
    @PostMapping("/{id}/skip")
    @Audited(value = "runbook.skip", target = RunbookAuditNames.EXECUTION)
    String skip(
            @PathVariable long id,
            @RequestParam(defaultValue = "") String reason,
            Principal user,
            RedirectAttributes redirect) {
        Execution execution = find(id);
        if (execution.currentStep() != null) {
            Audit.detail(stepLine(execution, execution.currentStep()));
        }
        String text = reason.strip();
        if (text.length() > MAX_NOTE) {
            redirect.addFlashAttribute(
                    "notice", Audit.failed("Not skipped: write the reason in at most " + MAX_NOTE + " characters."));
            return back(id);
        }
        if (!text.isEmpty()) {
            Audit.detail("reason: " + RunbookController.oneLine(text));
        }
        return act(id, redirect, () -> {
            engine.skip(id, text, user.getName());
            return "Step " + (execution.currentStep() + 1) + " skipped; the execution goes on.";
        });
    }

    @PostMapping("/{id}/abort")
    @Audited(value = "runbook.abort", target = RunbookAuditNames.EXECUTION)
    String abort(
            @PathVariable long id,
            @RequestParam(defaultValue = "") String reason,
            Principal user,
            RedirectAttributes redirect) {
        find(id);
        String text = reason.strip();
        if (text.length() > MAX_NOTE) {
            redirect.addFlashAttribute(
                    "notice", Audit.failed("Not aborted: write the reason in at most " + MAX_NOTE + " characters."));
            return back(id);
        }
        if (!text.isEmpty()) {
            Audit.detail("reason: " + RunbookController.oneLine(text));
        }
        return act(id, redirect, () -> {
            engine.abort(id, text, user.getName());
            return "Execution #" + id + " aborted: its remaining steps are not carried out.";
        });
    }

    /** Does it and says so, or shows why the engine refused (and records that as the outcome). */
    private static String act(long id, RedirectAttributes redirect, Supplier<String> action) {
        try {
            redirect.addFlashAttribute("notice", action.get());
        } catch (RunbookEngine.Refused e) {
            redirect.addFlashAttribute("notice", Audit.failed(e.getMessage()));
        }
        return back(id);
    }

    private static String back(long id) {
        return "redirect:/runbooks/executions/" + id;
    }

    private static String stepLine(Execution execution, int position) {
        RunbookDefinition definition = definition(execution);
        return "step " + (position + 1)
                + (definition != null
                                && position >= 0
                                && position < definition.steps().size()
                        ? " (" + definition.steps().get(position).title() + ")"
                        : "");
    }

    private static RunbookDefinition definition(Execution execution) {
        return RunbookYaml.parse(execution.steps()).definition();
    }

    private Execution find(long id) {
        return executions.find(id).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
    }
}
