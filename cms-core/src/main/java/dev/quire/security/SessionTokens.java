package dev.quire.security;

import java.security.SecureRandom;
import java.util.Base64;

/**
 * Opaque bearer tokens: 256 random bits, of which the database keeps only a keyed hash ({@link TokenHasher}). A stolen
 * database therefore yields no usable token, and a token is revoked by deleting its row.
 */
public final class SessionTokens {

    private static final SecureRandom RANDOM = new SecureRandom();

    private SessionTokens() {
    }

    public static String newToken() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

}
