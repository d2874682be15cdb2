package dev.quire.storage.spi;

import java.time.Instant;
import java.util.List;
import java.util.OptionalLong;

/** The audit log: append-only, queried by actor, action, outcome and time. */
public interface AuditStore {

    /** Appends one entry to the current write transaction. */
    void append(AuditEntry entry);

    /** Entries matching {@code query}, newest first. */
    Page list(AuditQuery query);

    /**
     * Deletes up to {@code limit} entries older than {@code before}, oldest first, so that a retention run holds the
     * write lock only briefly. @return how many were deleted
     */
    int deleteOlderThan(Instant before, int limit);

    /**
     * One audit entry.
     *
     * @param actorKind
     *            {@code user}, {@code api-token} or {@code public}
     * @param outcome
     *            {@code success}, {@code denied} or {@code failure}
     */
    record AuditEntry(Instant at, String actorKind, long actorId, String actorLabel, String action, String target,
            String address, String outcome) {
    }

    /** A filter over the log; null fields match anything. */
    record AuditQuery(String actorLabel, String action, String target, String outcome, Instant since, Instant until,
            long offset, int limit) {
    }

    record Page(List<AuditEntry> items, OptionalLong total) {
    }
}
