package app.syncboard.security;

import java.util.Collection;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.userdetails.UserDetails;

/**
 * The principal of a session signed in through LDAP: the name as typed (the directory matched it), the entry's DN,
 * and the role its groups gave. Never a password: the directory checked it.
 */
final class LdapUser implements UserDetails, DirectoryPrincipal {

    static final String DIRECTORY = "the directory";

    private final String username;
    private final String dn;
    private final Set<GrantedAuthority> authorities;

    LdapUser(String username, String dn, Collection<? extends GrantedAuthority> authorities) {
        this.username = username;
        this.dn = dn;
        this.authorities = Set.copyOf(authorities);
    }

    String dn() {
        return dn;
    }

    /** The role its groups gave; none for a user in no group that syncboard maps to a role. */
    Optional<Role> role() {
        return Role.highestOf(
                authorities.stream().map(GrantedAuthority::getAuthority).toList());
    }

    @Override
    public String getUsername() {
        return username;
    }

    @Override
    public String getPassword() {
        return null;
    }

    @Override
    public Set<GrantedAuthority> getAuthorities() {
        return authorities;
    }

    @Override
    public String directory() {
        return DIRECTORY;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof LdapUser user && dn.equals(user.dn);
    }

    @Override
    public int hashCode() {
        return Objects.hash(dn);
    }

    @Override
    public String toString() {
        return "LdapUser[" + username + ", " + dn + ", " + authorities + "]";
    }
}
