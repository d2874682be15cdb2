package dev.quire.storage.spi;

import java.time.Instant;
import java.util.OptionalLong;

/** New data for an existing row, optionally only if it is still at {@code expectedVersion}. */
public record EntryUpdate(EntryKey key, String dataJson, OptionalLong expectedVersion, Instant updatedAt) {
}
