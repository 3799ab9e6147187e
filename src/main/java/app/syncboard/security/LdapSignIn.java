package app.syncboard.security;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.IncorrectResultSizeDataAccessException;
import org.springframework.ldap.NamingException;
import org.springframework.ldap.core.DirContextAdapter;
import org.springframework.ldap.core.DirContextOperations;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.InternalAuthenticationServiceException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.ldap.DefaultSpringSecurityContextSource;
import org.springframework.security.ldap.authentication.BindAuthenticator;
import org.springframework.security.ldap.authentication.LdapAuthenticationProvider;
import org.springframework.security.ldap.search.FilterBasedLdapUserSearch;
import org.springframework.security.ldap.userdetails.UserDetailsContextMapper;

/**
 * The login form's user name and password checked against an LDAP directory (OpenLDAP, Active Directory...), for
 * names that are not a local user's: a name that belongs to a local user, in any mix of case, is never sent to the
 * directory, so that a directory account cannot take it. The password is checked by binding as the entry that
 * {@code user-search-filter} finds; the role comes from the groups {@link LdapGroups} finds.
 *
 * <p>Not a bean: an {@link AuthenticationProvider} bean would take the place of the local users in Spring Security's
 * global authentication manager, which the login form falls back to after this provider.
 */
final class LdapSignIn implements AuthenticationProvider {

    private static final Logger log = LoggerFactory.getLogger(LdapSignIn.class);

    private final UserAccounts accounts;
    private final LdapAuthenticationProvider directory;

    LdapSignIn(LdapSettings settings, UserAccounts accounts) {
        this.accounts = accounts;
        DefaultSpringSecurityContextSource source = new DefaultSpringSecurityContextSource(settings.url());
        if (settings.hasManager()) {
            source.setUserDn(settings.managerDn());
            source.setPassword(settings.managerPassword() == null ? "" : settings.managerPassword());
        }
        // A sign-in waits for the directory for seconds, not for the operating system's minutes.
        source.setBaseEnvironmentProperties(Map.of(
                "com.sun.jndi.ldap.connect.timeout", "5000",
                "com.sun.jndi.ldap.read.timeout", "10000"));
        source.afterPropertiesSet();
        FilterBasedLdapUserSearch search =
                new FilterBasedLdapUserSearch(settings.userSearchBase(), settings.userSearchFilter(), source);
        BindAuthenticator bind = new BindAuthenticator(source);
        bind.setUserSearch(search);
        this.directory = new LdapAuthenticationProvider(bind, new LdapGroups(source, settings));
        this.directory.setUserDetailsContextMapper(new UserDetailsContextMapper() {
            @Override
            public LdapUser mapUserFromContext(
                    DirContextOperations entry, String username, Collection<? extends GrantedAuthority> authorities) {
                return new LdapUser(
                        DirectoryNames.canonical(username).orElseThrow(), entry.getNameInNamespace(), authorities);
            }

            @Override
            public void mapUserToContext(UserDetails user, DirContextAdapter entry) {
                throw new UnsupportedOperationException("syncboard does not write to the directory");
            }
        });
    }

    @Override
    public Authentication authenticate(Authentication attempt) {
        // Not a name syncboard accepts, or a local user's: the directory is not asked.
        Optional<String> name = DirectoryNames.canonical(attempt.getName());
        if (name.isEmpty() || accounts.nameTaken(name.get())) {
            return null;
        }
        Authentication signedIn;
        try {
            signedIn = directory.authenticate(attempt);
        } catch (IncorrectResultSizeDataAccessException severalEntries) {
            // The user search found several entries for the name: none of them is signed in.
            log.warn("The LDAP user search found several entries for one name; none is signed in");
            throw new BadCredentialsException("Several directory entries have this name");
        } catch (InternalAuthenticationServiceException | NamingException e) {
            log.warn("The LDAP directory could not be asked: {}", e.getMessage());
            throw DirectorySignInFailed.unreachable(attempt.getName(), LdapUser.DIRECTORY, e);
        }
        if (!(signedIn.getPrincipal() instanceof LdapUser user) || user.role().isEmpty()) {
            throw DirectorySignInFailed.noRole(attempt.getName(), LdapUser.DIRECTORY);
        }
        return signedIn;
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
    }
}
