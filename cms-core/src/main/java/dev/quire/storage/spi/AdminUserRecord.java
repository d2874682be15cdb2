package dev.quire.storage.spi;

import java.time.Instant;

/** A stored admin user; {@code passwordHash} is a self-describing slow hash, never a password. */
public record AdminUserRecord(long id, String email, String passwordHash, String firstname, String lastname,
        String role, boolean active, Instant createdAt, Instant updatedAt) {
}
