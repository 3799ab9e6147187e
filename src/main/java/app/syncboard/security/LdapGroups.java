package app.syncboard.security;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import org.springframework.ldap.core.ContextSource;
import org.springframework.ldap.core.DirContextOperations;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.ldap.SpringSecurityLdapTemplate;
import org.springframework.security.ldap.userdetails.LdapAuthoritiesPopulator;

/**
 * The role of a directory user: the groups {@code group-search-filter} finds for the user's DN, mapped by
 * {@link RoleGroups}. A configured group that holds {@code =} is a DN and matches the group's DN (compared as DNs:
 * case and spaces between the parts do not matter); any other is matched against the group's own name, the {@code cn}
 * that starts its DN (ASCII case aside): not against other {@code cn} values a group's owner could add.
 */
final class LdapGroups implements LdapAuthoritiesPopulator {

    private static final String CN = "cn";

    private final SpringSecurityLdapTemplate ldap;
    private final LdapSettings settings;

    LdapGroups(ContextSource directory, LdapSettings settings) {
        this.ldap = new SpringSecurityLdapTemplate(directory);
        // Active Directory refers searches at the domain's root on to other partitions; what it found here is enough.
        this.ldap.setIgnorePartialResultException(true);
        this.settings = settings;
    }

    @Override
    public Collection<? extends GrantedAuthority> getGrantedAuthorities(DirContextOperations user, String username) {
        Set<Map<String, List<String>>> groups = ldap.searchForMultipleAttributeValues(
                settings.groupSearchBase(),
                settings.groupSearchFilter(),
                new String[] {user.getNameInNamespace(), username},
                new String[] {CN});
        return settings.roleGroups()
                .roleOf(configured -> groups.stream().anyMatch(group -> matches(configured, group)))
                .map(role -> List.of(new SimpleGrantedAuthority(role.authority())))
                .orElse(List.of());
    }

    static boolean matches(String configured, Map<String, List<String>> group) {
        String name = configured.strip();
        if (name.contains("=")) {
            return group.getOrDefault(SpringSecurityLdapTemplate.DN_KEY, List.of()).stream()
                    .anyMatch(dn -> sameDn(name, dn));
        }
        // The group's own name (the first part of its DN), not any of its cn values: a group's owner may add a cn.
        return group.getOrDefault(SpringSecurityLdapTemplate.DN_KEY, List.of()).stream()
                .map(LdapGroups::ownName)
                .anyMatch(own -> own != null && DirectoryNames.sameGroup(name, own));
    }

    /** The value of the DN's first part when it is a {@code cn}; null otherwise. */
    private static String ownName(String groupDn) {
        LdapName dn = dn(groupDn);
        if (dn.isEmpty()) {
            return null;
        }
        javax.naming.ldap.Rdn first = dn.getRdn(dn.size() - 1);
        return first.getType().equalsIgnoreCase(CN) ? String.valueOf(first.getValue()) : null;
    }

    private static boolean sameDn(String configured, String dn) {
        return dn(configured).equals(dn(dn));
    }

    /** The DN; {@link LdapSettings} has checked the configured ones, and the directory sends valid ones. */
    static LdapName dn(String name) {
        try {
            return new LdapName(name);
        } catch (InvalidNameException e) {
            throw new IllegalArgumentException("Not a DN: " + name, e);
        }
    }
}
