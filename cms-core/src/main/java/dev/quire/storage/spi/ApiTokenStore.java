package dev.quire.storage.spi;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** API tokens for the content API. Only the SHA-256 of a token's secret is stored. */
public interface ApiTokenStore {

    /**
     * @throws NameTaken
     *             when a token of this name exists
     */
    ApiTokenRecord create(NewApiToken token);

    /** All tokens, revoked ones included, ordered by id. */
    List<ApiTokenRecord> list();

    Optional<ApiTokenRecord> find(long id);

    Optional<ApiTokenRecord> findByHash(String tokenHash);

    /**
     * Replaces the secret's hash (regenerate).
     *
     * @throws NotFound
     *             when the token does not exist
     */
    ApiTokenRecord replaceHash(long id, String tokenHash);

    /** Marks the token revoked at {@code now}; @return whether it existed and was not revoked yet */
    boolean revoke(long id, Instant now);

    /** Records a use; callers throttle how often, so that reads do not become writes. */
    /**
     * Deletes up to {@code limit} tokens that expired or were revoked before {@code before}; @return how many
     */
    int deleteEndedBefore(Instant before, int limit);

    void touch(long id, Instant now);

    /** A token to store. */
    record NewApiToken(String name, String description, String type, String permissionsJson, String tokenHash,
            Instant createdAt, Instant expiresAt) {
    }

    /** A stored token. */
    record ApiTokenRecord(long id, String name, String description, String type, String permissionsJson,
            String tokenHash, Instant createdAt, Instant expiresAt, Instant lastUsedAt, Instant revokedAt) {
    }
}
