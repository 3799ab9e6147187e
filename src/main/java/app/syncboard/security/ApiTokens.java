package app.syncboard.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.relational.core.conversion.DbActionExecutionException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * API tokens: created with scopes, shown once, kept only as a SHA-256 hash, revocable. A token is 32 random bytes,
 * so a plain hash (no salt, no slow hashing) is enough to make a stolen table useless, and lets a request find its
 * token by an indexed lookup.
 */
@Service
public class ApiTokens {

    public static final String PREFIX = "sb_";

    /** A use is recorded at most this often per token: a Nagios check every few seconds need not write every time. */
    static final Duration USE_RECORDED_EVERY = Duration.ofMinutes(1);

    private static final int RANDOM_BYTES = 32;
    private static final Pattern FORMAT = Pattern.compile(Pattern.quote(PREFIX) + "[A-Za-z0-9_-]{43}");

    private final StoredTokens tokens;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    ApiTokens(StoredTokens tokens, Clock clock) {
        this.tokens = tokens;
        this.clock = clock;
    }

    /**
     * Creates a token. Its value is in the answer and nowhere else: it cannot be shown again.
     *
     * @throws DuplicateKeyException when a token with this name exists already
     */
    @Transactional
    public IssuedToken create(String name, Set<Scope> scopes, String createdBy) {
        if (scopes.isEmpty()) {
            throw new IllegalArgumentException("A token needs at least one scope.");
        }
        byte[] bytes = new byte[RANDOM_BYTES];
        random.nextBytes(bytes);
        String value = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        try {
            ApiToken saved = tokens.save(ApiToken.create(name, hash(value), scopes, createdBy, clock.instant()));
            return new IssuedToken(saved, value);
        } catch (DbActionExecutionException e) {
            if (e.getCause() instanceof DuplicateKeyException taken) {
                throw taken;
            }
            throw e;
        }
    }

    /** All tokens, revoked ones included, by name. */
    public List<ApiToken> list() {
        return tokens.findAllByOrderByName();
    }

    public Optional<ApiToken> find(long id) {
        return tokens.findById(id);
    }

    public Optional<ApiToken> findByName(String name) {
        return tokens.findByName(name);
    }

    /** Revokes the token from now on; false when there is none with this id or it was revoked already. */
    @Transactional
    public boolean revoke(long id, String revokedBy) {
        return tokens.revoke(id, clock.instant(), revokedBy) == 1;
    }

    /**
     * The token's principal, when the value belongs to a token that is not revoked; records the use (at most once
     * a minute per token, across every node sharing the database).
     */
    public Optional<ApiTokenPrincipal> authenticate(String value) {
        if (value == null || !FORMAT.matcher(value).matches()) {
            return Optional.empty();
        }
        return tokens.findByTokenHash(hash(value))
                .filter(token -> !token.revoked())
                .map(token -> {
                    Instant now = clock.instant();
                    Instant recent = now.minus(USE_RECORDED_EVERY);
                    if (token.lastUsedAt() == null || token.lastUsedAt().isBefore(recent)) {
                        tokens.recordUse(token.id(), now, recent);
                    }
                    return new ApiTokenPrincipal(token.id(), token.name(), token.scopeSet());
                });
    }

    /** SHA-256 of the token's UTF-8 bytes, as 64 lower-case hex digits: what the table keeps. */
    static String hash(String value) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java runtime has SHA-256", e);
        }
    }

    /**
     * A token just created, with its value. {@link #toString()} leaves the value out, so that it never ends up in a
     * log by accident.
     */
    public record IssuedToken(ApiToken token, String value) {

        @Override
        public String toString() {
            return "IssuedToken[" + token.name() + "]";
        }
    }
}
