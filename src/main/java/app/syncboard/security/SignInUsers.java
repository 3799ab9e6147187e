package app.syncboard.security;

import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.stereotype.Component;

/** The users form login checks passwords against (Spring Security's one {@link UserDetailsService}). */
@Component
class SignInUsers implements UserDetailsService {

    private final UserAccounts accounts;

    SignInUsers(UserAccounts accounts) {
        this.accounts = accounts;
    }

    @Override
    public UserDetails loadUserByUsername(String username) {
        return accounts.find(username)
                .flatMap(account -> accounts.passwordHash(username).map(hash -> StoredUser.of(account, hash)))
                .orElseThrow(() -> new UsernameNotFoundException("No such user"));
    }
}
