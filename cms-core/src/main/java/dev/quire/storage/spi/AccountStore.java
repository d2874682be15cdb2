package dev.quire.storage.spi;

import java.time.Instant;
import java.util.Optional;

/** Admin users and their login sessions. Emails are stored and compared in lower case. */
public interface AccountStore {

    Optional<AdminUserRecord> findUserByEmail(String email);

    Optional<AdminUserRecord> findUser(long id);

    /** All users ordered by id. */
    java.util.List<AdminUserRecord> listUsers();

    /**
     * Replaces a user's names, role, active flag and, when {@code passwordHash} is not null, password. Deactivating a
     * user ends their sessions.
     *
     * @throws NotFound
     *             when the user does not exist
     */
    AdminUserRecord updateUser(long id, String firstname, String lastname, String role, boolean active,
            String passwordHash, Instant now);

    /** Deletes a user and their sessions; @return whether the user existed */
    boolean deleteUser(long id);

    /** Active users with {@code role}. */
    long countActiveUsersWithRole(String role);

    long countUsers();

    /**
     * @throws NameTaken
     *             when a user with this email exists
     */
    AdminUserRecord createUser(NewAdminUser user);

    /** Records a login session; only the SHA-256 of its token is stored. */
    void createSession(String tokenHash, long userId, Instant createdAt, Instant expiresAt);

    /** The active user owning an unexpired session with this token hash at {@code now}, if any, and its expiry. */
    Optional<SessionUser> findSessionUser(String tokenHash, Instant now);

    /** @return whether a session was deleted */
    boolean deleteSession(String tokenHash);

    /** A session's user, and when the session expires. */
    record SessionUser(AdminUserRecord user, Instant expiresAt) {
    }

    /** Deletes up to {@code limit} sessions that expired before {@code before}; @return how many */
    int deleteSessionsExpiredBefore(Instant before, int limit);
}
