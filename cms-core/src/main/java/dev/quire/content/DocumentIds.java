package dev.quire.content;

import java.security.SecureRandom;

/**
 * Public document ids in Strapi 5's style: 24 lower-case letters and digits, starting with a letter.
 * <p>
 * The first 9 characters are the creation time in milliseconds (a letter for each 36<sup>8</sup> ms, about 89 years,
 * then 8 base-36 digits), so ids created later sort later; the other 15 are random, about 77 bits, so ids stay
 * unguessable and collisions negligible even within one millisecond. Strapi's ids are random throughout; every index
 * that holds document ids (the document, the entry key, the events) then takes each new id on a random page, and SQLite
 * writes each page a batch touched to the WAL in full. Ordered ids land on the same few pages, which cut the WAL bytes
 * each create costs. The creation time an id reveals is the {@code createdAt} every response carries anyway.
 */
public final class DocumentIds {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String LETTERS = "abcdefghijklmnopqrstuvwxyz";
    private static final String SYMBOLS = LETTERS + "0123456789";
    /** The milliseconds each leading letter stands for: 36^8, about 89 years. */
    private static final long LETTER_PERIOD = 36L * 36 * 36 * 36 * 36 * 36 * 36 * 36;
    /** Base-36 digits in ASCII order, so that the time prefix sorts as the time does. */
    private static final String DIGITS_THEN_LETTERS = "0123456789" + LETTERS;
    /**
     * One draw covers an id's 15 random symbols but for the rare byte drawn again: the platform's generator reads the
     * kernel's and takes a lock on every call, which one call per symbol made 1 % of a create's CPU.
     */
    private static final int RANDOM_BYTES = 24;
    /** 252 = 7 × 36: a byte below it stands for a symbol, each as likely as the others; a byte above is drawn again. */
    private static final int UNBIASED_BELOW = 252;
    private static final java.util.regex.Pattern WELL_FORMED = java.util.regex.Pattern.compile("[a-z0-9]{1,64}");

    private DocumentIds() {
    }

    public static String next() {
        return next(System.currentTimeMillis());
    }

    static String next(long epochMillis) {
        char[] id = new char[24];
        id[0] = LETTERS.charAt((int) (epochMillis / LETTER_PERIOD));
        long rest = epochMillis % LETTER_PERIOD;
        for (int i = 8; i >= 1; i--) {
            id[i] = DIGITS_THEN_LETTERS.charAt((int) (rest % 36));
            rest /= 36;
        }
        byte[] random = new byte[RANDOM_BYTES];
        RANDOM.nextBytes(random);
        int used = 0;
        for (int i = 9; i < id.length; i++) {
            int b;
            do {
                if (used == random.length) {
                    RANDOM.nextBytes(random);
                    used = 0;
                }
                b = random[used++] & 0xff;
            } while (b >= UNBIASED_BELOW);
            id[i] = SYMBOLS.charAt(b % SYMBOLS.length());
        }
        return new String(id);
    }

    /** Whether {@code candidate} could be a document id; anything else is answered 404 without a query. */
    public static boolean isWellFormed(String candidate) {
        return candidate != null && WELL_FORMED.matcher(candidate).matches();
    }
}
