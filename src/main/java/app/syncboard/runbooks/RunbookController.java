package app.syncboard.runbooks;

import app.syncboard.audit.Audit;
import app.syncboard.audit.Audited;
import app.syncboard.hosts.Hosts;
import app.syncboard.hosts.Pair;
import app.syncboard.hosts.Pairs;
import app.syncboard.runbooks.RunbookYaml.Problem;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The runbooks of the pairs: listed, created from a shipped template or from YAML, imported, edited, exported and
 * deleted; and on a runbook's page rehearsed and started. The executions have {@link ExecutionController}.
 */
@Controller
@RequestMapping("/runbooks")
class RunbookController {

    static final MediaType YAML = new MediaType("text", "yaml", StandardCharsets.UTF_8);

    private static final int RECENT_EXECUTIONS = 20;
    private static final String FORM = "runbooks/runbook-form";
    private static final String IMPORT = "runbooks/import";

    private final Runbooks runbooks;
    private final Executions executions;
    private final RunbookEngine engine;
    private final RunbookTemplates templates;
    private final Pairs pairs;
    private final Hosts hosts;

    RunbookController(
            Runbooks runbooks,
            Executions executions,
            RunbookEngine engine,
            RunbookTemplates templates,
            Pairs pairs,
            Hosts hosts) {
        this.runbooks = runbooks;
        this.executions = executions;
        this.engine = engine;
        this.templates = templates;
        this.pairs = pairs;
        this.hosts = hosts;
    }

    /** A runbook in the list, with its execution under way (null for none). */
    record Row(Runbook runbook, Execution active) {}

    /** A pair and its runbooks. */
    record PairRunbooks(Pair pair, List<Row> rows) {}

    @GetMapping
    String list(@RequestParam(required = false) Long pair, Model model) {
        List<Pair> shown = pair == null ? pairs.findAllByOrderByName() : List.of(pair(pair));
        Map<Long, List<Runbook>> byPair = runbooks.all().stream().collect(Collectors.groupingBy(Runbook::pairId));
        Map<Long, Execution> active = executions.active().stream()
                .collect(Collectors.toMap(Execution::runbookId, Function.identity(), (a, b) -> a));
        model.addAttribute(
                "groups",
                shown.stream()
                        .map(p -> new PairRunbooks(
                                p,
                                byPair.getOrDefault(p.id(), List.of()).stream()
                                        .map(runbook -> new Row(runbook, active.get(runbook.id())))
                                        .toList()))
                        .toList());
        model.addAttribute("pairs", pairs.findAllByOrderByName());
        model.addAttribute("pairFilter", pair);
        return "runbooks/runbooks";
    }

    /** The form for a new runbook; {@code template} fills the text with a shipped runbook. */
    @GetMapping("/new")
    String newRunbook(
            @RequestParam(required = false) Long pair, @RequestParam(required = false) String template, Model model) {
        String yaml = template == null
                ? ""
                : templates.find(template).map(RunbookTemplates.Template::yaml).orElse("");
        return form(new RunbookForm(pair, yaml, null), List.of(), null, model);
    }

    @PostMapping
    @Audited("runbook.create")
    String create(@ModelAttribute("form") RunbookForm form, Model model, RedirectAttributes redirect) {
        return createFrom(form, FORM, model, redirect);
    }

    @GetMapping("/import")
    String importForm(@RequestParam(required = false) Long pair, Model model) {
        return importPage(new RunbookForm(pair, "", null), List.of(), null, model);
    }

    /** A runbook from an uploaded file (which wins over pasted text) or from pasted text. */
    @PostMapping("/import")
    @Audited("runbook.import")
    String importRunbook(
            @ModelAttribute("form") RunbookForm form,
            @RequestParam(required = false) MultipartFile file,
            Model model,
            RedirectAttributes redirect)
            throws IOException {
        if (file == null || file.isEmpty()) {
            return createFrom(form, IMPORT, model, redirect);
        }
        Audit.detail("file: " + oneLine(file.getOriginalFilename()));
        Optional<String> text = utf8(file.getBytes());
        if (text.isEmpty()) {
            return importPage(
                    form,
                    List.of(new Problem(
                            "",
                            Audit.failed("The file " + oneLine(file.getOriginalFilename())
                                    + " is not UTF-8 text; save it as UTF-8 and import it again."))),
                    null,
                    model);
        }
        return createFrom(new RunbookForm(form.pair(), text.get(), null), IMPORT, model, redirect);
    }

    @GetMapping("/{id}")
    String runbook(@PathVariable long id, Model model) {
        return page(find(id), model);
    }

    @GetMapping("/{id}/edit")
    String edit(@PathVariable long id, Model model) {
        Runbook runbook = find(id);
        editing(runbook, model);
        return form(RunbookForm.of(runbook), List.of(), null, model);
    }

    @PostMapping("/{id}")
    @Audited("runbook.update")
    String update(
            @PathVariable long id, @ModelAttribute("form") RunbookForm form, Model model, RedirectAttributes redirect) {
        Runbook before = find(id);
        editing(before, model);
        try {
            Runbooks.Saved saved = runbooks.update(id, form.version() == null ? -1 : form.version(), form.text());
            if (!saved.ok()) {
                Audit.failed(notSaved(saved.problems()));
                return form(form, saved.problems(), null, model);
            }
            Runbook after = saved.runbook();
            if (!before.name().equals(after.name())) {
                Audit.detail("name: " + before.name() + " → " + after.name());
            }
            Audit.detail("steps: " + steps(before) + " → " + steps(after));
            redirect.addFlashAttribute("notice", "Runbook \"" + after.name() + "\" saved.");
            return "redirect:/runbooks/" + id;
        } catch (Runbooks.ChangedMeanwhile e) {
            return form(form, List.of(), Audit.failed(e.getMessage()), model);
        }
    }

    /** The runbook's YAML as a file: what Import and the API take back. */
    @GetMapping("/{id}/export.yaml")
    ResponseEntity<String> export(@PathVariable long id) {
        Runbook runbook = find(id);
        return ResponseEntity.ok()
                .header(
                        HttpHeaders.CONTENT_DISPOSITION,
                        ContentDisposition.attachment()
                                .filename(fileName(runbook), StandardCharsets.UTF_8)
                                .build()
                                .toString())
                .contentType(YAML)
                .body(runbook.steps());
    }

    @PostMapping("/{id}/delete")
    @Audited("runbook.delete")
    String delete(@PathVariable long id, RedirectAttributes redirect) {
        Runbook runbook = find(id);
        Optional<String> refused = runbooks.delete(id);
        if (refused.isPresent()) {
            redirect.addFlashAttribute("notice", Audit.failed("Not deleted: " + refused.get()));
            return "redirect:/runbooks/" + id;
        }
        Audit.detail("pair: " + pairName(runbook.pairId()));
        Audit.detail("steps: " + steps(runbook));
        redirect.addFlashAttribute("notice", "Runbook \"" + runbook.name() + "\" deleted.");
        return "redirect:/runbooks?pair=" + runbook.pairId();
    }

    @PostMapping("/{id}/rehearse")
    @Audited("runbook.rehearse")
    String rehearse(@PathVariable long id, Principal user, RedirectAttributes redirect) {
        find(id);
        try {
            Execution execution = engine.rehearse(id, user.getName());
            Audit.detail("execution #" + execution.id());
            redirect.addFlashAttribute(
                    "notice",
                    "Rehearsal #" + execution.id() + " started: it changes nothing, see what it finds below.");
            return "redirect:/runbooks/executions/" + execution.id();
        } catch (RunbookEngine.Refused e) {
            redirect.addFlashAttribute("notice", Audit.failed(e.getMessage()));
            return "redirect:/runbooks/" + id;
        }
    }

    /** Starts the runbook for real once the pair's name was typed; a refusal is shown next to that field. */
    @PostMapping("/{id}/start")
    @Audited("runbook.start")
    String start(
            @PathVariable long id,
            @RequestParam(defaultValue = "") String pairName,
            Principal user,
            Model model,
            RedirectAttributes redirect) {
        Runbook runbook = find(id);
        try {
            Execution execution = engine.start(id, pairName, user.getName());
            Audit.detail("execution #" + execution.id());
            redirect.addFlashAttribute(
                    "notice", "Execution #" + execution.id() + " of \"" + runbook.name() + "\" started.");
            return "redirect:/runbooks/executions/" + execution.id();
        } catch (RunbookEngine.Refused e) {
            Audit.detail("typed pair name: " + oneLine(pairName));
            model.addAttribute("startError", Audit.failed(e.getMessage()));
            model.addAttribute("typedPairName", pairName);
            return page(runbook, model);
        }
    }

    private void editing(Runbook runbook, Model model) {
        model.addAttribute("runbook", runbook);
        model.addAttribute("runbookPair", pair(runbook.pairId()));
    }

    private String page(Runbook runbook, Model model) {
        Pair pair = pair(runbook.pairId());
        model.addAttribute("runbook", runbook);
        model.addAttribute("pair", pair);
        model.addAttribute("steps", StepText.of(runbook.definition(), pair, hosts));
        model.addAttribute("executions", executions.ofRunbook(runbook.id(), RECENT_EXECUTIONS));
        model.addAttribute("active", executions.activeOfPair(pair.id()).orElse(null));
        return "runbooks/runbook";
    }

    /** Saves a new runbook, or shows the form again with every problem and the text as it came. */
    private String createFrom(RunbookForm form, String view, Model model, RedirectAttributes redirect) {
        Optional<Pair> pair = Optional.ofNullable(form.pair()).flatMap(pairs::findById);
        if (pair.isEmpty()) {
            List<Problem> problems = new ArrayList<>();
            problems.add(new Problem("pair", "Choose the pair the runbook is for."));
            problems.addAll(RunbookYaml.parse(form.text()).problems());
            Audit.failed(notSaved(problems));
            return render(view, form, problems, model);
        }
        Runbooks.Saved saved = runbooks.create(pair.get().id(), form.text());
        if (!saved.ok()) {
            Audit.failed(notSaved(saved.problems()));
            return render(view, form, saved.problems(), model);
        }
        Runbook runbook = saved.runbook();
        Audit.target(RunbookAuditNames.RUNBOOK, runbook.id(), runbook.name());
        Audit.detail("pair: " + pair.get().name());
        Audit.detail("steps: " + steps(runbook));
        redirect.addFlashAttribute(
                "notice",
                "Runbook \"" + runbook.name()
                        + "\" saved. Rehearse it to see that its steps work on the pair's hosts.");
        return "redirect:/runbooks/" + runbook.id();
    }

    private String render(String view, RunbookForm form, List<Problem> problems, Model model) {
        return view.equals(IMPORT) ? importPage(form, problems, null, model) : form(form, problems, null, model);
    }

    private String form(RunbookForm form, List<Problem> problems, String changedMeanwhile, Model model) {
        model.addAttribute("templates", templates.all());
        return withProblems(FORM, form, problems, changedMeanwhile, model);
    }

    private String importPage(RunbookForm form, List<Problem> problems, String error, Model model) {
        return withProblems(IMPORT, form, problems, error, model);
    }

    private String withProblems(
            String view, RunbookForm form, List<Problem> problems, String changedMeanwhile, Model model) {
        model.addAttribute("form", form);
        model.addAttribute("pairs", pairs.findAllByOrderByName());
        model.addAttribute(
                "pairProblems",
                problems.stream().filter(p -> p.path().equals("pair")).toList());
        model.addAttribute(
                "problems",
                problems.stream().filter(p -> !p.path().equals("pair")).toList());
        model.addAttribute("changedMeanwhile", changedMeanwhile);
        return view;
    }

    private static String notSaved(List<Problem> problems) {
        return "Not saved: " + problems.size() + (problems.size() == 1 ? " problem" : " problems")
                + ", listed next to the text.";
    }

    /** Strict UTF-8 (a byte order mark is dropped): a file in another encoding would be read as garbage. */
    private static Optional<String> utf8(byte[] bytes) {
        try {
            String text = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
            return Optional.of(text.startsWith("\uFEFF") ? text.substring(1) : text);
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
    }

    private static String fileName(Runbook runbook) {
        String name = runbook.name().replaceAll("[^\\p{L}\\p{N}._-]+", "-").replaceAll("^-+|-+$", "");
        return (name.isEmpty() ? "runbook-" + runbook.id() : name) + ".yml";
    }

    private static int steps(Runbook runbook) {
        return runbook.definition().steps().size();
    }

    /** For the audit log's detail lines, which are one line each. */
    static String oneLine(String text) {
        if (text == null) {
            return "";
        }
        String line = text.replaceAll("\\p{Cntrl}+", " ").strip();
        return line.length() > 200 ? line.substring(0, 200) + "…" : line;
    }

    private String pairName(long id) {
        return pairs.findById(id).map(Pair::name).orElse("#" + id);
    }

    private Pair pair(long id) {
        return pairs.findById(id).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
    }

    private Runbook find(long id) {
        return runbooks.find(id).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
    }
}
