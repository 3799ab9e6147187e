package app.syncboard.security;

import app.syncboard.audit.Audit;
import app.syncboard.audit.Audited;
import jakarta.validation.Valid;
import java.security.Principal;
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

/**
 * Users, for admins: the list, a new user, and per user the role, enabling and disabling, a new password and
 * deleting. A password syncboard generates travels to the user's page as a flash attribute, so that it is shown
 * exactly once.
 */
@Controller
@RequestMapping("/settings/users")
class UserController {

    private static final String LIST = "security/users";
    private static final String USER = "security/user";
    private static final String TAKEN =
            "A user with this name exists already (upper and lower case count as the same).";

    private final UserAccounts accounts;

    UserController(UserAccounts accounts) {
        this.accounts = accounts;
    }

    @GetMapping
    String list(Model model) {
        model.addAttribute("form", NewUserForm.empty());
        return listPage(model);
    }

    @PostMapping
    @Audited("user.create")
    String create(
            @Valid @ModelAttribute("form") NewUserForm form,
            BindingResult result,
            Model model,
            RedirectAttributes redirect) {
        String name = form.strippedName();
        if (!result.hasFieldErrors("username") && accounts.nameTaken(name)) {
            result.rejectValue("username", "taken", TAKEN);
        }
        form.passwords().check(name, result);
        if (result.hasErrors()) {
            return listPage(model);
        }
        PasswordForm passwords = form.passwords();
        String password = passwords.generate() ? Passwords.generate() : form.password();
        try {
            accounts.create(name, form.role(), password, true);
            Audit.target("user", name, name);
            Audit.detail("role: " + form.role().name());
        } catch (DuplicateKeyException createdMeanwhile) {
            result.rejectValue("username", "taken", TAKEN);
            return listPage(model);
        }
        if (passwords.generate()) {
            redirect.addFlashAttribute("issuedPassword", password);
        }
        redirect.addFlashAttribute(
                "notice",
                "User " + name + " created with the role " + form.role().name()
                        + ". At the first sign-in they choose a password of their own.");
        return redirectTo(name, redirect);
    }

    @GetMapping("/{username}")
    String user(@PathVariable String username, Model model) {
        model.addAttribute("roleForm", new RoleForm(find(username).role()));
        model.addAttribute("passwordForm", PasswordForm.empty());
        return userPage(username, model);
    }

    @PostMapping("/{username}/role")
    @Audited(value = "user.role", id = "username")
    String changeRole(
            @PathVariable String username,
            @Valid @ModelAttribute("roleForm") RoleForm form,
            BindingResult result,
            Model model,
            RedirectAttributes redirect) {
        find(username);
        if (!result.hasErrors()) {
            try {
                accounts.changeRole(username, form.role());
                Audit.detail("role: " + form.role().name());
            } catch (UserAccounts.Refused refused) {
                result.rejectValue("role", "refused", Audit.failed(refused.getMessage()));
            }
        }
        if (result.hasErrors()) {
            model.addAttribute("passwordForm", PasswordForm.empty());
            return userPage(username, model);
        }
        redirect.addFlashAttribute(
                "notice", username + " has the role " + form.role().name() + " now.");
        return redirectTo(username, redirect);
    }

    @PostMapping("/{username}/enable")
    @Audited(value = "user.enable", id = "username")
    String enable(@PathVariable String username, Principal me, RedirectAttributes redirect) {
        return setEnabled(username, true, me, redirect);
    }

    @PostMapping("/{username}/disable")
    @Audited(value = "user.disable", id = "username")
    String disable(@PathVariable String username, Principal me, RedirectAttributes redirect) {
        return setEnabled(username, false, me, redirect);
    }

    @PostMapping("/{username}/password")
    @Audited(value = "user.password-reset", id = "username")
    String resetPassword(
            @PathVariable String username,
            @ModelAttribute("passwordForm") PasswordForm form,
            BindingResult result,
            Model model,
            RedirectAttributes redirect) {
        find(username);
        form.check(username, result);
        if (result.hasErrors()) {
            model.addAttribute("roleForm", new RoleForm(find(username).role()));
            return userPage(username, model);
        }
        String password = form.generate() ? Passwords.generate() : form.password();
        try {
            accounts.setPassword(username, password, true);
        } catch (UserAccounts.Refused refused) {
            redirect.addFlashAttribute("refused", Audit.failed(refused.getMessage()));
            return redirectTo(username, redirect);
        }
        if (form.generate()) {
            redirect.addFlashAttribute("issuedPassword", password);
        }
        redirect.addFlashAttribute(
                "notice",
                "New password set for " + username + ", who must change it at the next sign-in. Pages already"
                        + " open in their browser ask for that from the next click.");
        return redirectTo(username, redirect);
    }

    @GetMapping("/{username}/delete")
    String confirmDelete(@PathVariable String username, Principal me, Model model) {
        UserAccount user = find(username);
        model.addAttribute("account", user);
        model.addAttribute("refused", refusalOfDelete(user, me.getName()));
        return "security/delete-user";
    }

    @PostMapping("/{username}/delete")
    @Audited(value = "user.delete", id = "username")
    String delete(@PathVariable String username, Principal me, RedirectAttributes redirect) {
        find(username);
        try {
            accounts.delete(username, me.getName());
        } catch (UserAccounts.Refused refused) {
            redirect.addFlashAttribute("refused", Audit.failed(refused.getMessage()));
            return redirectTo(username, redirect);
        }
        redirect.addFlashAttribute("notice", "User " + username + " deleted.");
        return "redirect:/settings/users";
    }

    private String setEnabled(String username, boolean enabled, Principal me, RedirectAttributes redirect) {
        find(username);
        try {
            accounts.setEnabled(username, enabled, me.getName());
        } catch (UserAccounts.Refused refused) {
            redirect.addFlashAttribute("refused", Audit.failed(refused.getMessage()));
            return redirectTo(username, redirect);
        }
        redirect.addFlashAttribute(
                "notice",
                enabled
                        ? username + " is enabled: they can sign in again."
                        : username + " is disabled: they cannot sign in, and pages open in their browser are signed"
                                + " out at the next click.");
        return redirectTo(username, redirect);
    }

    /** Why the user cannot be deleted now, or null. */
    private String refusalOfDelete(UserAccount user, String me) {
        if (user.username().equals(me)) {
            return "You cannot delete yourself: another admin can.";
        }
        if (user.enabled() && user.isAdmin() && accounts.enabledAdminsOtherThan(user.username()) == 0) {
            return UserAccounts.LAST_ADMIN;
        }
        return null;
    }

    private String listPage(Model model) {
        model.addAttribute("accounts", accounts.list());
        model.addAttribute("roles", Role.values());
        model.addAttribute("minLength", Passwords.MIN_LENGTH);
        return LIST;
    }

    private String userPage(String username, Model model) {
        model.addAttribute("account", find(username));
        model.addAttribute("roles", Role.values());
        model.addAttribute("minLength", Passwords.MIN_LENGTH);
        return USER;
    }

    private UserAccount find(String username) {
        return accounts.find(username).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
    }

    /** To the user's page; the name is encoded as a path segment. */
    private static String redirectTo(String username, RedirectAttributes redirect) {
        redirect.addAttribute("username", username);
        return "redirect:/settings/users/{username}";
    }
}
