package app.syncboard.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.event.EventListener;
import org.springframework.security.authentication.event.AbstractAuthenticationFailureEvent;
import org.springframework.security.authentication.event.AuthenticationSuccessEvent;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.authentication.WebAuthenticationDetails;
import org.springframework.stereotype.Component;

/**
 * Slows down password guessing: after {@code per-user} failed sign-ins for one user name, or {@code per-address}
 * from one address, within the window, further attempts are refused unheard for a while that doubles with each
 * further failure (1, 2, 4 ... minutes, at most {@code max-lock}). A successful sign-in clears the user's count.
 * Kept in memory (a restart forgets it), for at most {@link #MAX_KEYS} user names and addresses.
 */
@Component
class LoginThrottle {

    static final int MAX_KEYS = 10_000;

    private final Clock clock;
    private final int perUser;
    private final int perAddress;
    private final Duration window;
    private final Duration maxLock;
    private final Map<String, Deque<Instant>> failures = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Deque<Instant>> eldest) {
            return size() > MAX_KEYS;
        }
    };

    LoginThrottle(
            Clock clock,
            @Value("${syncboard.login.failures-per-user:5}") int perUser,
            @Value("${syncboard.login.failures-per-address:20}") int perAddress,
            @Value("${syncboard.login.failure-window:15m}") Duration window,
            @Value("${syncboard.login.max-lock:15m}") Duration maxLock) {
        this.clock = clock;
        this.perUser = perUser;
        this.perAddress = perAddress;
        this.window = window;
        this.maxLock = maxLock;
    }

    /** How much longer sign-ins for this user name or from this address are refused; zero when they are not. */
    synchronized Duration lockedFor(String username, String address) {
        Instant now = clock.instant();
        Duration user = lockedFor(key("user", username), perUser, now);
        Duration from = lockedFor(key("address", address), perAddress, now);
        return user.compareTo(from) >= 0 ? user : from;
    }

    @EventListener
    void failed(AbstractAuthenticationFailureEvent event) {
        failed(username(event.getAuthentication()), address(event.getAuthentication()));
    }

    @EventListener
    void succeeded(AuthenticationSuccessEvent event) {
        synchronized (this) {
            failures.remove(key("user", username(event.getAuthentication())));
        }
    }

    synchronized void failed(String username, String address) {
        Instant now = clock.instant();
        for (String key : new String[] {key("user", username), key("address", address)}) {
            if (key != null) {
                Deque<Instant> times = failures.computeIfAbsent(key, k -> new ArrayDeque<>());
                times.addLast(now);
                forgetOld(times, now);
            }
        }
    }

    private Duration lockedFor(String key, int allowed, Instant now) {
        Deque<Instant> times = key == null ? null : failures.get(key);
        if (times == null) {
            return Duration.ZERO;
        }
        forgetOld(times, now);
        int over = times.size() - allowed;
        if (over < 0) {
            return Duration.ZERO;
        }
        Duration lock = Duration.ofMinutes(1L << Math.min(over, 20));
        if (lock.compareTo(maxLock) > 0) {
            lock = maxLock;
        }
        Duration left = Duration.between(now, times.getLast().plus(lock));
        return left.isNegative() ? Duration.ZERO : left;
    }

    private void forgetOld(Deque<Instant> times, Instant now) {
        Instant since = now.minus(window.compareTo(maxLock) >= 0 ? window : maxLock);
        while (!times.isEmpty() && times.getFirst().isBefore(since)) {
            times.removeFirst();
        }
    }

    private static String key(String kind, String value) {
        // User names count as one whatever their case: local names are so, and a directory's usually are.
        String name = LoginFailureHandler.typedName(value).toLowerCase(java.util.Locale.ROOT);
        return name.isEmpty() ? null : kind + ":" + name;
    }

    private static String username(Authentication authentication) {
        return authentication == null ? null : authentication.getName();
    }

    private static String address(Authentication authentication) {
        return authentication != null && authentication.getDetails() instanceof WebAuthenticationDetails details
                ? details.getRemoteAddress()
                : null;
    }
}
