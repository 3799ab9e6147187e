package app.syncboard.security;

import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.security.core.CredentialsContainer;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.UserDetails;

/**
 * The principal of a session signed in with a user name and password, as {@link SignInUsers} loads it from the
 * users table; {@link CurrentUserFilter} loads it again at each request. A user who must change the password holds
 * only {@link #PASSWORD_CHANGE_REQUIRED}, no role, so that no page but the password form opens until it is done.
 */
final class StoredUser implements UserDetails, CredentialsContainer {

    static final String PASSWORD_CHANGE_REQUIRED = "PASSWORD_CHANGE_REQUIRED";

    private final String username;
    private String password;
    private final boolean enabled;
    private final Set<GrantedAuthority> authorities;

    private StoredUser(String username, String password, boolean enabled, Set<GrantedAuthority> authorities) {
        this.username = username;
        this.password = password;
        this.enabled = enabled;
        this.authorities = authorities;
    }

    static StoredUser of(UserAccount account, String passwordHash) {
        Collection<String> authorities =
                account.mustChangePassword() ? List.of(PASSWORD_CHANGE_REQUIRED) : account.authorities();
        return new StoredUser(
                account.username(),
                passwordHash,
                account.enabled(),
                authorities.stream().map(SimpleGrantedAuthority::new).collect(Collectors.toUnmodifiableSet()));
    }

    static boolean mustChangePassword(Collection<? extends GrantedAuthority> authorities) {
        return authorities.stream().anyMatch(a -> PASSWORD_CHANGE_REQUIRED.equals(a.getAuthority()));
    }

    @Override
    public String getUsername() {
        return username;
    }

    @Override
    public String getPassword() {
        return password;
    }

    @Override
    public boolean isEnabled() {
        return enabled;
    }

    @Override
    public Set<GrantedAuthority> getAuthorities() {
        return authorities;
    }

    @Override
    public void eraseCredentials() {
        password = null;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof StoredUser user && username.equals(user.username);
    }

    @Override
    public int hashCode() {
        return Objects.hash(username);
    }

    @Override
    public String toString() {
        return "StoredUser[" + username + ", " + authorities + "]";
    }
}
