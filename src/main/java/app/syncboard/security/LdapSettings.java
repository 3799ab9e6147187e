package app.syncboard.security;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Sign-in through an LDAP directory ({@code syncboard.security.ldap.*}), off unless {@code enabled}. Search bases are
 * full DNs (the {@code url} names only the server); {@code {0}} in {@code user-search-filter} is the name typed, in
 * {@code group-search-filter} the user's DN ({@code {1}} the name typed).
 *
 * @param managerDn whom user and group searches bind as; anonymous when empty (Active Directory needs one)
 */
@ConfigurationProperties("syncboard.security.ldap")
record LdapSettings(
        boolean enabled,
        String url,
        @DefaultValue("") String userSearchBase,
        @DefaultValue("(uid={0})") String userSearchFilter,
        @DefaultValue("") String groupSearchBase,
        @DefaultValue("(member={0})") String groupSearchFilter,
        String managerDn,
        String managerPassword,
        @DefaultValue RoleGroups roleGroups) {

    LdapSettings {
        if (enabled) {
            if (url == null || !url.matches("(?i)ldaps?://\\S+")) {
                throw new IllegalArgumentException("syncboard.security.ldap.url must be an ldap:// or ldaps:// URL,"
                        + " such as ldaps://ldap.example.org");
            }
            if (roleGroups.isEmpty()) {
                throw new IllegalArgumentException("syncboard.security.ldap.role-groups names no group: nobody could"
                        + " sign in through the directory. Name the groups of ADMIN, OPERATOR and VIEWER.");
            }
            for (Role role : Role.values()) {
                for (String group : roleGroups.groups(role)) {
                    if (group.contains("=")) {
                        LdapGroups.dn(group.strip());
                    }
                }
            }
        }
    }

    boolean hasManager() {
        return managerDn != null && !managerDn.isBlank();
    }

    /** Without the manager's password. */
    @Override
    public String toString() {
        return "LdapSettings[enabled=" + enabled + ", url=" + url + ", userSearchBase=" + userSearchBase
                + ", userSearchFilter=" + userSearchFilter + ", groupSearchBase=" + groupSearchBase
                + ", groupSearchFilter=" + groupSearchFilter + ", managerDn=" + managerDn + ", roleGroups=" + roleGroups
                + "]";
    }
}
