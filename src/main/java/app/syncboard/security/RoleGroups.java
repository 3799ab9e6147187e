package app.syncboard.security;

import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.convert.Delimiter;

/**
 * Which of the directory's groups give which role ({@code role-groups.ADMIN}, {@code .OPERATOR}, {@code .VIEWER}),
 * for LDAP and OpenID Connect alike. A member of groups of several roles gets the widest of them; a member of none
 * cannot sign in through the directory. Several groups of a role are a YAML list: a single value is one group, commas
 * and all, since a DN holds commas.
 *
 * @param admin names of groups (as the directory names them: a DN, a CN or a claim's value) whose members are admins
 */
record RoleGroups(
        @DefaultValue @Delimiter(Delimiter.NONE) List<String> admin,
        @DefaultValue @Delimiter(Delimiter.NONE) List<String> operator,
        @DefaultValue @Delimiter(Delimiter.NONE) List<String> viewer) {

    boolean isEmpty() {
        return admin.isEmpty() && operator.isEmpty() && viewer.isEmpty();
    }

    /** The widest role with a group the user is a member of, asking {@code isMember} with each group's name. */
    Optional<Role> roleOf(Predicate<String> isMember) {
        for (Role role : List.of(Role.ADMIN, Role.OPERATOR, Role.VIEWER)) {
            if (groups(role).stream().anyMatch(isMember)) {
                return Optional.of(role);
            }
        }
        return Optional.empty();
    }

    List<String> groups(Role role) {
        return switch (role) {
            case ADMIN -> admin;
            case OPERATOR -> operator;
            case VIEWER -> viewer;
        };
    }
}
