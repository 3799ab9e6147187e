package app.syncboard.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;

/**
 * The users as they are kept, as it must hold on every database syncboard supports: on a database of its own, where
 * the bootstrap {@code admin} is the only admin to begin with. Each test leaves it the only enabled admin again.
 */
abstract class UserStoreContract {

    static final String PASSWORD = "store-password-1";

    @Autowired
    UserAccounts accounts;

    @Autowired
    UserDetailsService signIn;

    @Autowired
    JdbcClient jdbc;

    @Test
    void aUserIsCreatedWithOneRoleAHashedPasswordAndTheTimeOfCreation() {
        String name = name("created");
        Instant before = Instant.now().minusSeconds(1);
        accounts.create(name, Role.OPERATOR, PASSWORD, true);

        UserAccount user = accounts.find(name).orElseThrow();
        assertThat(user.role()).isEqualTo(Role.OPERATOR);
        assertThat(user.authorities()).containsExactly("ROLE_OPERATOR");
        assertThat(user.enabled()).isTrue();
        assertThat(user.mustChangePassword()).isTrue();
        assertThat(user.createdAt()).isAfter(before);
        assertThat(user.lastSignInAt()).isNull();
        assertThat(accounts.passwordHash(name).orElseThrow())
                .startsWith("{bcrypt}")
                .doesNotContain(PASSWORD);
        assertThat(accounts.passwordMatches(name, PASSWORD)).isTrue();
        assertThat(accounts.passwordMatches(name, PASSWORD + "x")).isFalse();
        assertThat(accounts.list()).extracting(UserAccount::username).contains(name, "admin");

        accounts.recordSignIn(name);
        assertThat(accounts.find(name).orElseThrow().lastSignInAt()).isAfter(before);
    }

    @Test
    void aNameIsTakenInAnyCase() {
        String name = name("Case");
        accounts.create(name, Role.VIEWER, PASSWORD, false);

        assertThat(accounts.nameTaken(name.toUpperCase())).isTrue();
        assertThat(accounts.nameTaken(name.toLowerCase())).isTrue();
        assertThat(accounts.nameTaken(name + "x")).isFalse();
        assertThatThrownBy(() -> accounts.create(name, Role.ADMIN, PASSWORD, false))
                .isInstanceOf(DuplicateKeyException.class);
        assertThat(accounts.find(name).orElseThrow().role()).isEqualTo(Role.VIEWER);
    }

    @Test
    void signingInSeesTheRoleOrOnlyThePasswordChangeWhileOneIsDue() {
        String name = name("signin");
        accounts.create(name, Role.OPERATOR, PASSWORD, true);

        UserDetails due = signIn.loadUserByUsername(name);
        assertThat(authorities(due)).containsExactly(StoredUser.PASSWORD_CHANGE_REQUIRED);
        assertThat(due.getPassword()).startsWith("{bcrypt}");

        accounts.setPassword(name, "chosen-by-the-user", false);
        assertThat(authorities(signIn.loadUserByUsername(name))).containsExactly("ROLE_OPERATOR");
        assertThat(accounts.passwordMatches(name, "chosen-by-the-user")).isTrue();
        assertThat(accounts.passwordMatches(name, PASSWORD)).isFalse();

        accounts.setPassword(name, "reset-by-an-admin", true);
        assertThat(authorities(signIn.loadUserByUsername(name))).containsExactly(StoredUser.PASSWORD_CHANGE_REQUIRED);

        accounts.setEnabled(name, false, "admin");
        assertThat(signIn.loadUserByUsername(name).isEnabled()).isFalse();
        assertThatThrownBy(() -> signIn.loadUserByUsername(name("nobody")))
                .isInstanceOf(UsernameNotFoundException.class);
    }

    @Test
    void theRoleIsReplacedNotAdded() {
        String name = name("role");
        accounts.create(name, Role.VIEWER, PASSWORD, false);

        accounts.changeRole(name, Role.ADMIN);
        assertThat(accounts.find(name).orElseThrow().authorities()).containsExactly("ROLE_ADMIN");
        accounts.changeRole(name, Role.OPERATOR);
        assertThat(accounts.find(name).orElseThrow().authorities()).containsExactly("ROLE_OPERATOR");
    }

    @Test
    void theLastEnabledAdminIsNeverDemotedDisabledOrDeleted() {
        assertThat(accounts.enabledAdminsOtherThan("admin")).isZero();

        assertThatThrownBy(() -> accounts.changeRole("admin", Role.OPERATOR))
                .isInstanceOf(UserAccounts.Refused.class)
                .hasMessage(UserAccounts.LAST_ADMIN);
        assertThatThrownBy(() -> accounts.setEnabled("admin", false, "someone-else"))
                .hasMessage(UserAccounts.LAST_ADMIN);
        assertThatThrownBy(() -> accounts.delete("admin", "someone-else")).hasMessage(UserAccounts.LAST_ADMIN);
        assertThat(accounts.find("admin").orElseThrow())
                .extracting(UserAccount::role, UserAccount::enabled)
                .containsExactly(Role.ADMIN, true);

        // A disabled admin does not count: it cannot sign in to manage anything.
        String disabled = name("disabled-admin");
        accounts.create(disabled, Role.ADMIN, PASSWORD, false);
        accounts.setEnabled(disabled, false, "admin");
        assertThatThrownBy(() -> accounts.changeRole("admin", Role.VIEWER)).hasMessage(UserAccounts.LAST_ADMIN);

        // With a second enabled admin, either may go; then the other is the last.
        String second = name("second-admin");
        accounts.create(second, Role.ADMIN, PASSWORD, true);
        accounts.changeRole("admin", Role.VIEWER);
        assertThatThrownBy(() -> accounts.delete(second, "admin")).hasMessage(UserAccounts.LAST_ADMIN);
        accounts.changeRole("admin", Role.ADMIN);
        accounts.setEnabled(second, false, "admin");
        accounts.delete(second, "admin");
        accounts.delete(disabled, "admin");
        assertThat(accounts.find(second)).isEmpty();
        assertThat(accounts.enabledAdminsOtherThan("admin")).isZero();
    }

    @Test
    void nobodyDisablesOrDeletesThemselves() {
        String name = name("self");
        accounts.create(name, Role.ADMIN, PASSWORD, false);

        assertThatThrownBy(() -> accounts.setEnabled(name, false, name))
                .isInstanceOf(UserAccounts.Refused.class)
                .hasMessage("You cannot disable yourself: another admin can.");
        assertThatThrownBy(() -> accounts.delete(name, name))
                .hasMessage("You cannot delete yourself: another admin can.");

        accounts.delete(name, "admin");
        assertThat(accounts.find(name)).isEmpty();
        assertThat(jdbc.sql("SELECT COUNT(*) FROM authorities WHERE username = ?")
                        .param(name)
                        .query(Long.class)
                        .single())
                .isZero();
    }

    @Test
    void changesToAUserWhoIsGoneAreRefusedWithAMessage() {
        String gone = name("gone");
        assertThatThrownBy(() -> accounts.changeRole(gone, Role.VIEWER))
                .isInstanceOf(UserAccounts.Refused.class)
                .hasMessage("There is no user \"" + gone + "\" any more.");
        assertThatThrownBy(() -> accounts.setEnabled(gone, true, "admin")).isInstanceOf(UserAccounts.Refused.class);
        assertThatThrownBy(() -> accounts.setPassword(gone, PASSWORD, true)).isInstanceOf(UserAccounts.Refused.class);
        assertThatThrownBy(() -> accounts.delete(gone, "admin")).isInstanceOf(UserAccounts.Refused.class);
    }

    @Test
    void restoringTheAdminEnablesItAndAddsTheRoleOrCreatesIt() {
        String name = name("restored");
        accounts.create(name, Role.VIEWER, PASSWORD, false);
        accounts.setEnabled(name, false, "admin");

        assertThat(accounts.restoreAdmin(name, "restored-password", true)).isFalse();
        UserAccount restored = accounts.find(name).orElseThrow();
        assertThat(restored.enabled()).isTrue();
        assertThat(restored.mustChangePassword()).isTrue();
        assertThat(restored.authorities()).containsExactlyInAnyOrder("ROLE_VIEWER", "ROLE_ADMIN");
        assertThat(accounts.passwordMatches(name, "restored-password")).isTrue();
        assertThat(accounts.restoreAdmin(name, "restored-password", false)).isFalse();
        assertThat(accounts.find(name).orElseThrow().authorities()).hasSize(2);

        String missing = name("missing");
        assertThat(accounts.restoreAdmin(missing, "restored-password", false)).isTrue();
        assertThat(accounts.find(missing).orElseThrow().role()).isEqualTo(Role.ADMIN);

        accounts.delete(name, "admin");
        accounts.delete(missing, "admin");
    }

    private static List<String> authorities(UserDetails user) {
        return user.getAuthorities().stream()
                .map(GrantedAuthority::getAuthority)
                .toList();
    }

    private static String name(String what) {
        return what + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
