package dev.quire.storage.spi;

/**
 * What a storage kind can do, so that the core adapts to capabilities and never tests a vendor name.
 *
 * @param supportsSkipLocked
 *            several instances can claim rows without blocking each other ({@code SELECT ... FOR UPDATE SKIP LOCKED})
 * @param supportsConcurrentWriters
 *            write transactions of one instance run in parallel rather than one at a time
 * @param productionGrade
 *            the kind may serve the {@code prod} profile
 * @param maxInListSize
 *            the largest number of bind parameters one {@code IN (...)} list may carry
 * @param supportsFileBackup
 *            {@link Storage#backup} writes the whole database to one file
 */
public record StorageCapabilities(boolean supportsSkipLocked, boolean supportsConcurrentWriters,
        boolean productionGrade, int maxInListSize, boolean supportsFileBackup) {
}
