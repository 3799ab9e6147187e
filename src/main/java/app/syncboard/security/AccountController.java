package app.syncboard.security;

import app.syncboard.audit.Audit;
import app.syncboard.audit.Audited;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Objects;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * A user's own password: every signed-in user may change it here, with the current one. A user who must change it
 * (a new user, a reset, the generated first password) is sent here after signing in and cannot open another page
 * before. A user of the directory ({@link DirectoryPrincipal}) has no password here: the page says where to change
 * it, and a change is refused.
 */
@Controller
@RequestMapping(AccountController.PATH)
class AccountController {

    static final String PATH = "/account/password";
    private static final String PAGE = "security/password";

    private final UserAccounts accounts;

    AccountController(UserAccounts accounts) {
        this.accounts = accounts;
    }

    @GetMapping
    String form(Authentication me, Model model) {
        model.addAttribute("form", OwnPasswordForm.empty());
        return page(me, model);
    }

    @PostMapping
    @Audited(value = "account.password", target = "user")
    String change(
            @ModelAttribute("form") OwnPasswordForm form,
            BindingResult result,
            Authentication me,
            Model model,
            HttpServletRequest request,
            RedirectAttributes redirect) {
        if (me.getPrincipal() instanceof DirectoryPrincipal directoryUser) {
            Audit.denied("The password is " + directoryUser.directory() + "'s, not syncboard's.");
            return page(me, model);
        }
        String name = me.getName();
        if (form.currentPassword() == null || !accounts.passwordMatches(name, form.currentPassword())) {
            result.rejectValue("currentPassword", "wrong", "This is not your current password.");
        }
        PasswordForm.checkTyped(name, form.password(), form.repeat(), result);
        if (!result.hasFieldErrors("currentPassword")
                && !result.hasFieldErrors("password")
                && Objects.equals(form.password(), form.currentPassword())) {
            result.rejectValue("password", "same", "Choose a password other than the current one.");
        }
        if (result.hasErrors()) {
            return page(me, model);
        }
        accounts.setPassword(name, form.password(), false);
        // A new session id for what is now a session with more rights; the user's other sessions end.
        request.changeSessionId();
        PasswordStamp.stamp(request, accounts, name);
        redirect.addFlashAttribute("notice", "Your password was changed.");
        return "redirect:/";
    }

    private static String page(Authentication me, Model model) {
        if (me.getPrincipal() instanceof DirectoryPrincipal directoryUser) {
            model.addAttribute("directory", directoryUser.directory());
        }
        model.addAttribute("forced", StoredUser.mustChangePassword(me.getAuthorities()));
        model.addAttribute("minLength", Passwords.MIN_LENGTH);
        return PAGE;
    }
}
