package dev.quire.storage.spi;

import java.time.Instant;

/** An admin user to create. */
public record NewAdminUser(String email, String passwordHash, String firstname, String lastname, String role,
        Instant now) {
}
