package dev.quire.transfer;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A checksum of a set of rows that does not depend on their order: the SHA-256 of each row's canonical form, summed in
 * four 64-bit lanes, with the row count. Two databases hold the same rows exactly when their digests are equal, however
 * each orders text or lays out JSON.
 */
public final class Digest {

    Digest() {
    }

    private final long[] lanes = new long[4];
    private long rows;

    void add(byte[] canonicalRow) {
        byte[] hash = sha256().digest(canonicalRow);
        ByteBuffer buffer = ByteBuffer.wrap(hash);
        for (int i = 0; i < lanes.length; i++) {
            lanes[i] += buffer.getLong();
        }
        rows++;
    }

    Value value() {
        ByteBuffer out = ByteBuffer.allocate(32);
        for (long lane : lanes) {
            out.putLong(lane);
        }
        return new Value(rows, HexFormat.of().formatHex(out.array()));
    }

    /** What a digest comes to: how many rows, and their checksum in hex. */
    public record Value(long rows, String sha256) {
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
