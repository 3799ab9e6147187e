package app.syncboard.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

@Controller
class LoginController {

    private final LdapSettings ldap;
    private final OidcSettings oidc;

    LoginController(LdapSettings ldap, OidcSettings oidc) {
        this.ldap = ldap;
        this.oidc = oidc;
    }

    @GetMapping("/login")
    String login(HttpServletRequest request, @RequestParam(required = false) String locked, Model model) {
        if (locked != null && locked.matches("[0-9]{1,3}")) {
            model.addAttribute("lockedMinutes", Integer.parseInt(locked));
        }
        model.addAttribute("ldap", ldap.enabled());
        if (oidc.enabled()) {
            model.addAttribute("oidcName", oidc.displayName());
            model.addAttribute("oidcStart", OidcSignIn.START);
        }
        HttpSession session = request.getSession(false);
        if (session != null) {
            // The user name of a failed sign-in, and why one through the directory failed: shown once.
            Object username = session.getAttribute(LoginFailureHandler.LAST_USERNAME);
            session.removeAttribute(LoginFailureHandler.LAST_USERNAME);
            if (username instanceof String name) {
                model.addAttribute("username", name);
            }
            Object problem = session.getAttribute(LoginFailureHandler.PROBLEM);
            session.removeAttribute(LoginFailureHandler.PROBLEM);
            if (problem instanceof String text) {
                model.addAttribute("problem", text);
            }
        }
        return "security/login";
    }
}
