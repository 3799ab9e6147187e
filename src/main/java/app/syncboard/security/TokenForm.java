package app.syncboard.security;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.Set;

/** A new API token: its name and scopes. */
record TokenForm(
        @NotBlank(message = "Enter a name.")
        @Size(max = 100, message = "Use at most 100 characters.")
        @Pattern(regexp = "[^\\p{Cntrl}]*", message = "Must not contain control characters.")
        String name,

        @NotEmpty(message = "Choose at least one scope.") Set<Scope> scopes) {

    /** Reading only, unless the admin asks for more. */
    static TokenForm empty() {
        return new TokenForm("", Set.of(Scope.MONITORING_READ));
    }

    String strippedName() {
        return name == null ? null : name.strip();
    }
}
