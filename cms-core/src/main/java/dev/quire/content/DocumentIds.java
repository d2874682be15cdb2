package dev.quire.content;

import java.security.SecureRandom;

/**
 * Public document ids in Strapi 5's style: 24 lower-case letters and digits, starting with a letter. 24 characters of
 * 36 symbols carry about 124 bits, so ids are unguessable and collisions negligible.
 */
public final class DocumentIds {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String LETTERS = "abcdefghijklmnopqrstuvwxyz";
    private static final String SYMBOLS = LETTERS + "0123456789";
    private static final java.util.regex.Pattern WELL_FORMED = java.util.regex.Pattern.compile("[a-z0-9]{1,64}");

    private DocumentIds() {
    }

    public static String next() {
        char[] id = new char[24];
        id[0] = LETTERS.charAt(RANDOM.nextInt(LETTERS.length()));
        for (int i = 1; i < id.length; i++) {
            id[i] = SYMBOLS.charAt(RANDOM.nextInt(SYMBOLS.length()));
        }
        return new String(id);
    }

    /** Whether {@code candidate} could be a document id; anything else is answered 404 without a query. */
    public static boolean isWellFormed(String candidate) {
        return candidate != null && WELL_FORMED.matcher(candidate).matches();
    }
}
