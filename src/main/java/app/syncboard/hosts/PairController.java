package app.syncboard.hosts;

import app.syncboard.audit.Audit;
import app.syncboard.audit.Audited;
import jakarta.validation.Valid;
import java.security.Principal;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

@Controller
@RequestMapping("/pairs")
class PairController {

    private static final String FORM = "hosts/pair-form";

    /** Leaves room in the stored reason (500) for who paused it. */
    static final int MAX_REASON = 400;

    private final Pairs pairs;
    private final Hosts hosts;
    private final PairEditor editor;
    private final List<PairUsage> usages;
    private final HostChecks checks;
    private final PairRoles roles;

    PairController(
            Pairs pairs, Hosts hosts, PairEditor editor, List<PairUsage> usages, HostChecks checks, PairRoles roles) {
        this.pairs = pairs;
        this.hosts = hosts;
        this.editor = editor;
        this.usages = usages;
        this.checks = checks;
        this.roles = roles;
    }

    /** A host in the pair form's lists: its name, and for an SSH host where it is reached. */
    record HostOption(Long id, String label) {}

    @ModelAttribute("hosts")
    List<HostOption> hosts() {
        return hosts.findAllByOrderByName().stream()
                .map(host -> new HostOption(
                        host.id(), host.isLocal() ? host.name() : host.name() + " (" + host.target() + ")"))
                .toList();
    }

    @GetMapping
    String list(@ModelAttribute("hosts") List<HostOption> options, Model model) {
        model.addAttribute("pairs", pairs.findAllByOrderByName());
        model.addAttribute("hostLabels", options.stream().collect(Collectors.toMap(HostOption::id, HostOption::label)));
        return "hosts/pairs";
    }

    /** The pair with its state and what uses it; pause and resume are here. */
    @GetMapping("/{id}")
    String pair(@PathVariable long id, @ModelAttribute("hosts") List<HostOption> options, Model model) {
        model.addAttribute("pair", find(id));
        model.addAttribute("hostLabels", options.stream().collect(Collectors.toMap(HostOption::id, HostOption::label)));
        model.addAttribute("users", usersOf(id));
        model.addAttribute("hostNames", hostNames());
        return "hosts/pair";
    }

    @PostMapping("/{id}/pause")
    @Audited("pair.pause")
    String pause(
            @PathVariable long id,
            @RequestParam(defaultValue = "") String reason,
            Principal user,
            RedirectAttributes redirect) {
        Pair pair = find(id);
        String text = reason.strip();
        if (text.length() > MAX_REASON || text.codePoints().anyMatch(Character::isISOControl)) {
            redirect.addFlashAttribute(
                    "notice",
                    Audit.failed(
                            "Not paused: write the reason on one line, in at most " + MAX_REASON + " characters."));
            return "redirect:/pairs/" + id;
        }
        Audit.changes(
                pair,
                editor.pause(
                        pair,
                        text.isEmpty()
                                ? "Paused by " + user.getName() + "."
                                : text + " (paused by " + user.getName() + ")"));
        redirect.addFlashAttribute(
                "notice",
                "Pair \"" + pair.name() + "\" paused: no run of its jobs starts until it is resumed; their schedules"
                        + " still fire and are recorded as SKIPPED.");
        return "redirect:/pairs/" + id;
    }

    @PostMapping("/{id}/resume")
    @Audited("pair.resume")
    String resume(@PathVariable long id, RedirectAttributes redirect) {
        Pair pair = find(id);
        if (!pair.isPaused()) {
            redirect.addFlashAttribute("notice", Audit.failed("Pair \"" + pair.name() + "\" is not paused."));
            return "redirect:/pairs/" + id;
        }
        if (pair.awaitsDirectionConfirmation()) {
            redirect.addFlashAttribute(
                    "notice",
                    Audit.failed("Not resumed: the roles of pair \"" + pair.name() + "\" were switched. Check the"
                            + " direction its jobs copy now and use Confirm new direction, which ends the pause."));
            return "redirect:/pairs/" + id;
        }
        Audit.changes(pair, editor.resume(pair));
        redirect.addFlashAttribute("notice", "Pair \"" + pair.name() + "\" resumed: its jobs run again.");
        return "redirect:/pairs/" + id;
    }

    /**
     * Ends the pause a role switch set, once an operator has checked which way the jobs copy now. {@code version} is
     * the pair's as the page showed it: after another switch or an edit, what was read is no longer what would be
     * confirmed. {@code back=dashboard} returns to the dashboard, anything else to the pair.
     */
    @PostMapping("/{id}/confirm-direction")
    @Audited("pair.confirm-direction")
    String confirmDirection(
            @PathVariable long id,
            @RequestParam(required = false) Long version,
            @RequestParam(defaultValue = "") String back,
            RedirectAttributes redirect) {
        Pair pair = find(id);
        String to = "dashboard".equals(back) ? "redirect:/" : "redirect:/pairs/" + id;
        if (!pair.awaitsDirectionConfirmation()) {
            redirect.addFlashAttribute(
                    "notice", Audit.failed("Pair \"" + pair.name() + "\" has no role switch waiting to be confirmed."));
            return to;
        }
        String changed = "Not confirmed: pair \"" + pair.name() + "\" changed after the page was shown;"
                + " check the direction it shows now.";
        if (version == null || !version.equals(pair.version())) {
            redirect.addFlashAttribute("notice", Audit.failed(changed));
            return to;
        }
        String direction = direction(pair);
        Optional<Pair> confirmed = roles.confirmDirection(id, version);
        if (confirmed.isEmpty()) {
            redirect.addFlashAttribute("notice", Audit.failed(changed));
            return to;
        }
        Audit.changes(pair, confirmed.get());
        Audit.detail("confirmed direction: " + direction);
        redirect.addFlashAttribute(
                "notice", "Pair \"" + pair.name() + "\": direction " + direction + " confirmed; its jobs run again.");
        return to;
    }

    @GetMapping("/new")
    String newPair(Model model) {
        Long local = hosts.findAllByOrderByName().stream()
                .filter(Host::isLocal)
                .map(Host::id)
                .findFirst()
                .orElse(null);
        model.addAttribute("form", PairForm.empty(local));
        return FORM;
    }

    @PostMapping("/new")
    @Audited("pair.create")
    String create(@Valid @ModelAttribute("form") PairForm form, BindingResult result, RedirectAttributes redirect) {
        check(form, result, null);
        if (result.hasErrors()) {
            return FORM;
        }
        Pair saved = Audit.created(editor.create(form));
        redirect.addFlashAttribute("notice", "Pair \"" + saved.name() + "\" created.");
        return "redirect:/pairs";
    }

    @GetMapping("/{id}/edit")
    String edit(@PathVariable long id, Model model) {
        Pair pair = find(id);
        model.addAttribute("pair", pair);
        model.addAttribute("form", PairForm.of(pair));
        return FORM;
    }

    @PostMapping("/{id}/edit")
    @Audited("pair.update")
    String update(
            @PathVariable long id,
            @Valid @ModelAttribute("form") PairForm form,
            BindingResult result,
            Model model,
            RedirectAttributes redirect) {
        Pair pair = find(id);
        check(form, result, pair);
        if (form.version() != null && !form.version().equals(pair.version())) {
            // A form opened before a role switch would put the old sides back.
            result.reject(
                    "changed",
                    "Someone changed this pair after you opened this form (a role switch, say): open it again and"
                            + " make your change there.");
        } else if (pair.awaitsDirectionConfirmation() && form.movesSidesOf(pair)) {
            result.reject(
                    "unconfirmed",
                    "The roles of this pair were switched and wait for someone to confirm the new direction:"
                            + " confirm it first, then change its sides.");
        }
        if (result.hasErrors()) {
            model.addAttribute("pair", pair);
            return FORM;
        }
        List<String> scheduled =
                usages.stream().flatMap(usage -> usage.scheduledOn(id).stream()).toList();
        boolean moved = editor.update(pair, form);
        Audit.changes(pair, pairs.findById(id).orElseThrow());
        if (moved && !scheduled.isEmpty()) {
            Audit.detail("schedules switched off (the sides changed): " + String.join(", ", scheduled));
        }
        redirect.addFlashAttribute(
                "notice",
                "Pair \"" + form.name().strip() + "\" saved."
                        + (moved && !scheduled.isEmpty()
                                ? " Its sides changed, so the schedules of its jobs were switched off ("
                                        + String.join(", ", scheduled) + "): check where each job now copies from"
                                        + " and to, then switch \"Run on schedule\" back on."
                                : ""));
        return "redirect:/pairs";
    }

    @GetMapping("/{id}/test")
    String testPage(@PathVariable long id, Model model) {
        model.addAttribute("pair", find(id));
        return "hosts/pair-test";
    }

    @PostMapping("/{id}/test")
    @Audited("pair.test")
    String test(@PathVariable long id, Model model) {
        Pair pair = find(id);
        model.addAttribute("pair", pair);
        model.addAttribute("checks", checks.pair(pair));
        return "hosts/pair-test";
    }

    /** What uses the pair (jobs, runbooks), for people to read. */
    private List<String> usersOf(long id) {
        return usages.stream().flatMap(usage -> usage.usersOf(id).stream()).toList();
    }

    @GetMapping("/{id}/delete")
    String confirmDelete(@PathVariable long id, Model model) {
        model.addAttribute("pair", find(id));
        model.addAttribute("users", usersOf(id));
        return "hosts/delete-pair";
    }

    @PostMapping("/{id}/delete")
    @Audited("pair.delete")
    String delete(@PathVariable long id, RedirectAttributes redirect) {
        Pair pair = find(id);
        try {
            pairs.delete(Audit.deleted(pair));
            redirect.addFlashAttribute("notice", "Pair \"" + pair.name() + "\" deleted.");
        } catch (DataIntegrityViolationException stillUsed) {
            // The jobs and runbooks modules own what hangs on pairs; their foreign keys say the pair is still in use.
            redirect.addFlashAttribute(
                    "notice",
                    Audit.failed("Not deleted: pair \"" + pair.name() + "\" is still used by "
                            + String.join(", ", usersOf(id)) + ". Delete those first."));
        }
        return "redirect:/pairs";
    }

    private void check(PairForm form, BindingResult result, Pair current) {
        form.check(result);
        if (form.primaryHostId() != null && !hosts.existsById(form.primaryHostId())) {
            result.rejectValue("primaryHostId", "unknown", "Choose one of the listed hosts.");
        }
        if (form.standbyHostId() != null && !hosts.existsById(form.standbyHostId())) {
            result.rejectValue("standbyHostId", "unknown", "Choose one of the listed hosts.");
        }
        if (form.name() != null && !result.hasFieldErrors("name")) {
            pairs.findByName(form.name().strip())
                    .filter(other -> current == null || !other.id().equals(current.id()))
                    .ifPresent(other -> result.rejectValue("name", "taken", "A pair with this name exists already."));
        }
    }

    private Map<Long, String> hostNames() {
        return hosts.findAll().stream().collect(Collectors.toMap(Host::id, Host::name));
    }

    /** Which way the pair's jobs copy, as the direction banner says it. */
    private String direction(Pair pair) {
        Map<Long, String> names = hostNames();
        return names.get(pair.primaryHostId()) + ":" + pair.primaryPath() + " → " + names.get(pair.standbyHostId())
                + ":" + pair.standbyPath();
    }

    private Pair find(long id) {
        return pairs.findById(id).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
    }
}
