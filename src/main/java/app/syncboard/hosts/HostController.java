package app.syncboard.hosts;

import app.syncboard.audit.Audit;
import app.syncboard.audit.Audited;
import jakarta.validation.Valid;
import java.util.List;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The hosts list, the host page, and adding, editing and deleting SSH hosts (the local host is fixed). */
@Controller
@RequestMapping("/hosts")
class HostController {

    private static final String FORM = "hosts/host-form";
    private static final String LOCAL_IS_FIXED =
            "The local host is this machine itself: it cannot be edited or deleted.";

    private final Hosts hosts;
    private final HostEditor editor;
    private final HostPage page;

    HostController(Hosts hosts, HostEditor editor, HostPage page) {
        this.hosts = hosts;
        this.editor = editor;
        this.page = page;
    }

    @ModelAttribute("secretsAvailable")
    boolean secretsAvailable() {
        return editor.secretsAvailable();
    }

    @GetMapping
    String list(Model model) {
        model.addAttribute("hosts", hosts.findAllByOrderByName());
        return "hosts/hosts";
    }

    @GetMapping("/new")
    String newHost(Model model) {
        model.addAttribute("form", HostForm.empty());
        return FORM;
    }

    @PostMapping("/new")
    @Audited("host.create")
    String create(@Valid @ModelAttribute("form") HostForm form, BindingResult result, RedirectAttributes redirect) {
        check(form, result, null);
        if (result.hasErrors()) {
            return FORM;
        }
        Host saved = Audit.created(editor.create(form));
        redirect.addFlashAttribute(
                "notice",
                "Host \"" + saved.name() + "\" created. Next: fetch its host key, compare the fingerprint with the"
                        + " one the host itself shows, and accept it.");
        return "redirect:/hosts/" + saved.id();
    }

    @GetMapping("/{id}")
    String show(@PathVariable long id, Model model) {
        return page.render(find(id), model);
    }

    @GetMapping("/{id}/edit")
    String edit(@PathVariable long id, Model model, RedirectAttributes redirect) {
        Host host = find(id);
        if (host.isLocal()) {
            return fixed(host, redirect);
        }
        model.addAttribute("host", host);
        model.addAttribute("form", HostForm.of(host));
        return FORM;
    }

    @PostMapping("/{id}/edit")
    @Audited("host.update")
    String update(
            @PathVariable long id,
            @Valid @ModelAttribute("form") HostForm form,
            BindingResult result,
            Model model,
            RedirectAttributes redirect) {
        Host host = find(id);
        if (host.isLocal()) {
            return fixed(host, redirect);
        }
        check(form, result, host);
        if (result.hasErrors()) {
            model.addAttribute("host", host);
            return FORM;
        }
        try {
            Audit.changes(host, editor.update(host, form));
            redirect.addFlashAttribute("notice", "Host \"" + form.name().strip() + "\" saved.");
        } catch (OptimisticLockingFailureException e) {
            redirect.addFlashAttribute(
                    "notice",
                    Audit.failed(
                            "Not saved: the host was changed meanwhile (its key accepted, or another edit). Edit it again."));
        }
        return "redirect:/hosts/" + id;
    }

    @GetMapping("/{id}/delete")
    String confirmDelete(@PathVariable long id, Model model, RedirectAttributes redirect) {
        Host host = find(id);
        if (host.isLocal()) {
            return fixed(host, redirect);
        }
        model.addAttribute("host", host);
        model.addAttribute("usedBy", page.pairsUsing(host));
        return "hosts/delete-host";
    }

    @PostMapping("/{id}/delete")
    @Audited("host.delete")
    String delete(@PathVariable long id, RedirectAttributes redirect) {
        Host host = find(id);
        if (host.isLocal()) {
            return fixed(host, redirect);
        }
        List<String> usedBy = page.pairsUsing(host);
        if (!usedBy.isEmpty()) {
            redirect.addFlashAttribute("notice", refusal(host, usedBy));
            return "redirect:/hosts/" + id;
        }
        try {
            hosts.delete(host);
        } catch (DataIntegrityViolationException stillUsed) {
            // a pair was set up on the host since the check above
            redirect.addFlashAttribute("notice", refusal(host, page.pairsUsing(host)));
            return "redirect:/hosts/" + id;
        }
        Audit.deleted(host);
        redirect.addFlashAttribute("notice", "Host \"" + host.name() + "\" deleted.");
        return "redirect:/hosts";
    }

    private static String refusal(Host host, List<String> usedBy) {
        return Audit.failed("Not deleted: host \"" + host.name() + "\" is a side of the pairs "
                + String.join(", ", usedBy) + ". Change or delete those pairs first.");
    }

    private String fixed(Host host, RedirectAttributes redirect) {
        redirect.addFlashAttribute("notice", Audit.failed(LOCAL_IS_FIXED));
        return "redirect:/hosts/" + host.id();
    }

    private void check(HostForm form, BindingResult result, Host current) {
        form.check(result, current, editor.secretsAvailable());
        if (form.name() != null && !result.hasFieldErrors("name")) {
            hosts.findByName(form.name().strip())
                    .filter(other -> current == null || !other.id().equals(current.id()))
                    .ifPresent(other -> result.rejectValue("name", "taken", "A host with this name exists already."));
        }
    }

    private Host find(long id) {
        return hosts.findById(id).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
    }
}
