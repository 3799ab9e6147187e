package app.syncboard.security;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.data.jdbc.repository.query.Modifying;
import org.springframework.data.jdbc.repository.query.Query;
import org.springframework.data.repository.ListCrudRepository;

interface StoredTokens extends ListCrudRepository<ApiToken, Long> {

    List<ApiToken> findAllByOrderByName();

    Optional<ApiToken> findByName(String name);

    Optional<ApiToken> findByTokenHash(String tokenHash);

    /** Records a use unless one was recorded since {@code unlessSince}: 1 when written, 0 when not. */
    @Modifying
    @Query("UPDATE api_token SET last_used_at = :now"
            + " WHERE id = :id AND (last_used_at IS NULL OR last_used_at < :unlessSince)")
    int recordUse(long id, Instant now, Instant unlessSince);

    /** 1 when revoked now, 0 when it was revoked already. */
    @Modifying
    @Query("UPDATE api_token SET revoked_at = :now, revoked_by = :by WHERE id = :id AND revoked_at IS NULL")
    int revoke(long id, Instant now, String by);
}
