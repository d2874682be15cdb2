package dev.quire.storage.spi;

import java.time.Instant;
import java.util.Optional;

/** Admin users and their login sessions. Emails are stored and compared in lower case. */
public interface AccountStore {

    Optional<AdminUserRecord> findUserByEmail(String email);

    long countUsers();

    /**
     * @throws NameTaken
     *             when a user with this email exists
     */
    AdminUserRecord createUser(NewAdminUser user);

    /** Records a login session; only the SHA-256 of its token is stored. */
    void createSession(String tokenHash, long userId, Instant createdAt, Instant expiresAt);

    /** The active user owning an unexpired session with this token hash at {@code now}, if any. */
    Optional<AdminUserRecord> findSessionUser(String tokenHash, Instant now);

    /** @return whether a session was deleted */
    boolean deleteSession(String tokenHash);
}
