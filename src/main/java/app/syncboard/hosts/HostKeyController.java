package app.syncboard.hosts;

import app.syncboard.audit.Audit;
import app.syncboard.audit.Audited;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The host page's actions: fetching the key a host presents, accepting a key (exactly the one the admin was shown,
 * sent back with the form), importing one from a {@code known_hosts} line, and testing the connection.
 */
@Controller
@RequestMapping("/hosts/{id}")
class HostKeyController {

    private final Hosts hosts;
    private final SshConnections ssh;
    private final HostEditor editor;
    private final HostChecks checks;
    private final HostPage page;

    HostKeyController(Hosts hosts, SshConnections ssh, HostEditor editor, HostChecks checks, HostPage page) {
        this.hosts = hosts;
        this.ssh = ssh;
        this.editor = editor;
        this.checks = checks;
        this.page = page;
    }

    @PostMapping("/fetch-key")
    @Audited(value = "host-key.fetch", target = "host")
    String fetch(@PathVariable long id, Model model) {
        Host host = sshHost(id);
        try {
            HostKeys.PublicKey key = ssh.fetchHostKey(host);
            model.addAttribute("fetched", key);
            model.addAttribute("fetchedCompare", HostPage.compareCommand(key));
        } catch (SshFailure e) {
            model.addAttribute("fetchError", Audit.failed(e.getMessage()));
        }
        return page.render(host, model);
    }

    @PostMapping("/accept-key")
    @Audited(value = "host-key.accept", target = "host")
    String accept(@PathVariable long id, @RequestParam String keyLine, RedirectAttributes redirect) {
        Host host = sshHost(id);
        HostKeys.PublicKey key;
        try {
            key = HostKeys.parseKnownHostsLine(keyLine);
        } catch (IllegalArgumentException e) {
            redirect.addFlashAttribute("notice", Audit.failed("No key accepted: " + e.getMessage()));
            return "redirect:/hosts/" + id;
        }
        Audit.changes(host, editor.accept(host, key));
        Audit.detail("accepted: " + key.type() + " " + key.fingerprint());
        redirect.addFlashAttribute("notice", accepted(host, key));
        return "redirect:/hosts/" + id;
    }

    @PostMapping("/import-key")
    @Audited(value = "host-key.accept", target = "host")
    String importKey(
            @PathVariable long id,
            @ModelAttribute("importForm") HostKeyForm form,
            BindingResult result,
            Model model,
            RedirectAttributes redirect) {
        Host host = sshHost(id);
        HostKeys.PublicKey key;
        try {
            key = HostKeys.parseKnownHostsLine(form.knownHostsLine());
        } catch (IllegalArgumentException e) {
            result.rejectValue("knownHostsLine", "key", e.getMessage());
            return page.render(host, model);
        }
        Audit.changes(host, editor.accept(host, key));
        Audit.detail("accepted: " + key.type() + " " + key.fingerprint());
        redirect.addFlashAttribute("notice", accepted(host, key));
        return "redirect:/hosts/" + id;
    }

    @PostMapping("/test")
    @Audited("host.test")
    String test(@PathVariable long id, Model model) {
        Host host = find(id);
        model.addAttribute("checks", checks.host(host));
        // The test may have recorded a key the host presented instead of the accepted one.
        return page.render(find(id), model);
    }

    private static String accepted(Host host, HostKeys.PublicKey key) {
        return "Host key " + key.type() + " " + key.fingerprint() + " of \"" + host.name()
                + "\" accepted: connections now require exactly this key. Test the connection next.";
    }

    private Host sshHost(long id) {
        Host host = find(id);
        if (host.isLocal()) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND);
        }
        return host;
    }

    private Host find(long id) {
        return hosts.findById(id).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
    }
}
