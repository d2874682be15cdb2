package dev.quire.security;

import com.password4j.Argon2Function;
import com.password4j.Password;
import com.password4j.types.Argon2;

/**
 * Password hashing with Argon2id (password4j), at OWASP's recommended minimum cost: 19 MiB of memory, two passes, one
 * lane. The stored string is self-describing PHC format, so the parameters can be raised later without invalidating
 * existing hashes.
 */
public final class Passwords {

    private static final Argon2Function ARGON2 = Argon2Function.getInstance(19_456, 2, 1, 32, Argon2.ID);
    /** Verified against when the account does not exist, so that the response time does not reveal that. */
    private static final String DUMMY = hash("not-a-real-password");

    /** The shortest password accepted. */
    public static final int MIN_LENGTH = 10;

    private Passwords() {
    }

    public static String hash(String password) {
        return Password.hash(password).addRandomSalt(16).with(ARGON2).getResult();
    }

    /** Whether {@code password} matches {@code hash}; with a null hash it spends the same time and returns false. */
    public static boolean verify(String password, String hash) {
        if (hash == null) {
            Password.check(password, DUMMY).with(ARGON2);
            return false;
        }
        return Password.check(password, hash).with(Argon2Function.getInstanceFromHash(hash));
    }

    /** Why {@code password} is too weak, or null when it is acceptable. */
    public static String weakness(String password) {
        if (password == null || password.length() < MIN_LENGTH) {
            return "a password needs at least " + MIN_LENGTH + " characters";
        }
        if (password.isBlank()) {
            return "a password cannot be blank";
        }
        return null;
    }
}
