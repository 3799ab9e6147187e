package app.syncboard.security;

import app.syncboard.audit.Audit;
import app.syncboard.audit.Audited;
import jakarta.validation.Valid;
import java.security.Principal;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.dao.DuplicateKeyException;
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
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * Creating, listing and revoking API tokens. A new token's value travels to the list page as a flash attribute, so
 * that it is shown exactly once: reloading the page does not show it again.
 *
 * <p>For admins only ({@link SecurityConfig}).
 */
@Controller
@RequestMapping("/settings/tokens")
class TokenController {

    private static final String PAGE = "security/tokens";
    private static final String TAKEN = "A token with this name exists already (revoked tokens keep their names).";

    private final ApiTokens tokens;
    private final String publicUrl;

    TokenController(ApiTokens tokens, @Value("${syncboard.public-url:}") String publicUrl) {
        this.tokens = tokens;
        this.publicUrl = publicUrl.strip().replaceAll("/+$", "");
    }

    @GetMapping
    String list(Model model) {
        model.addAttribute("form", TokenForm.empty());
        return page(model);
    }

    @PostMapping
    @Audited("token.create")
    String create(
            @Valid @ModelAttribute("form") TokenForm form,
            BindingResult result,
            Principal user,
            Model model,
            RedirectAttributes redirect) {
        String name = form.strippedName();
        if (!result.hasFieldErrors("name") && tokens.findByName(name).isPresent()) {
            result.rejectValue("name", "taken", TAKEN);
        }
        if (result.hasErrors()) {
            return page(model);
        }
        ApiTokens.IssuedToken issued;
        try {
            issued = tokens.create(name, form.scopes(), user.getName());
            Audit.created(issued.token());
        } catch (DuplicateKeyException createdMeanwhile) {
            result.rejectValue("name", "taken", TAKEN);
            return page(model);
        }
        redirect.addFlashAttribute("issuedName", issued.token().name());
        redirect.addFlashAttribute("issuedValue", issued.value());
        return "redirect:/settings/tokens";
    }

    @GetMapping("/{id}/revoke")
    String confirmRevoke(@PathVariable long id, Model model) {
        model.addAttribute("token", find(id));
        return "security/revoke-token";
    }

    @PostMapping("/{id}/revoke")
    @Audited("token.revoke")
    String revoke(@PathVariable long id, Principal user, RedirectAttributes redirect) {
        ApiToken token = find(id);
        redirect.addFlashAttribute(
                "notice",
                tokens.revoke(id, user.getName())
                        ? "Token \"" + token.name() + "\" revoked: requests with it are refused from now on."
                        : Audit.failed("Token \"" + token.name() + "\" was revoked already."));
        return "redirect:/settings/tokens";
    }

    private String page(Model model) {
        model.addAttribute("tokens", tokens.list());
        model.addAttribute("allScopes", Scope.values());
        String base = publicUrl.isEmpty()
                ? ServletUriComponentsBuilder.fromCurrentContextPath().toUriString()
                : publicUrl;
        model.addAttribute("nagiosUrl", base + "/api/v1/monitoring/nagios");
        return PAGE;
    }

    private ApiToken find(long id) {
        return tokens.find(id).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
    }
}
