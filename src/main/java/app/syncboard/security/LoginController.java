package app.syncboard.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

@Controller
class LoginController {

    @GetMapping("/login")
    String login(HttpServletRequest request, @RequestParam(required = false) String locked, Model model) {
        if (locked != null && locked.matches("[0-9]{1,3}")) {
            model.addAttribute("lockedMinutes", Integer.parseInt(locked));
        }
        HttpSession session = request.getSession(false);
        if (session != null) {
            // The user name of a failed sign-in, shown once again in the form.
            Object username = session.getAttribute(LoginFailureHandler.LAST_USERNAME);
            session.removeAttribute(LoginFailureHandler.LAST_USERNAME);
            if (username instanceof String name) {
                model.addAttribute("username", name);
            }
        }
        return "security/login";
    }
}
