package dev.quire.storage.spi;

import java.time.Instant;

/** An entry row to insert; {@code publishedAt} is null for a draft. */
public record NewEntry(EntryKey key, String dataJson, Instant createdAt, Instant publishedAt) {
}
