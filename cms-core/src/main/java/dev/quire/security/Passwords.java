package dev.quire.security;

import java.util.concurrent.Semaphore;

import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;

/**
 * Password hashing with Argon2id at OWASP's recommended minimum cost: 19 MiB of memory, two passes, one lane, 16 bytes
 * of salt. The stored string is self-describing PHC format ({@code $argon2id$v=19$m=19456,t=2,p=1$salt$hash}), so the
 * parameters can be raised later without invalidating existing hashes; verifying reads them from the hash.
 * <p>
 * Spring Security Crypto's encoder (on Bouncy Castle) allocates each hash's 19 MiB and lets it go. password4j, used
 * before, kept a 19 MiB template per parameter set for the life of the process, half of Quire's live heap. Each hash
 * still needs its 19 MiB while it runs, so at most as many run at once as there are processors: a burst of logins waits
 * its turn rather than exhausting a small heap.
 */
public final class Passwords {

    private static final Argon2PasswordEncoder ARGON2 = new Argon2PasswordEncoder(16, 32, 1, 19_456, 2);
    private static final Semaphore RUNNING = new Semaphore(Math.max(1, Runtime.getRuntime().availableProcessors()),
            true);

    /** The shortest password accepted. */
    public static final int MIN_LENGTH = 10;

    private Passwords() {
    }

    public static String hash(String password) {
        RUNNING.acquireUninterruptibly();
        try {
            return ARGON2.encode(password);
        } finally {
            RUNNING.release();
        }
    }

    /** Whether {@code password} matches {@code hash}; with a null hash it spends the same time and returns false. */
    public static boolean verify(String password, String hash) {
        RUNNING.acquireUninterruptibly();
        try {
            if (hash == null) {
                ARGON2.matches(password, Dummy.HASH);
                return false;
            }
            return ARGON2.matches(password, hash);
        } finally {
            RUNNING.release();
        }
    }

    /**
     * Verified against when the account does not exist, so that the response time does not reveal that. Made on first
     * use rather than at start-up, where it cost a tenth of a second before the first response.
     */
    private static final class Dummy {

        static final String HASH = ARGON2.encode("not-a-real-password");
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
