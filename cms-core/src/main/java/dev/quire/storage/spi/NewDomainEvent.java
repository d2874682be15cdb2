package dev.quire.storage.spi;

import java.time.Instant;

/**
 * An event to append.
 *
 * @param event
 *            the event name, such as {@code entry.publish}
 * @param model
 *            the content type's uid
 * @param entryJson
 *            the entry as committed, private attributes removed, as a JSON object
 */
public record NewDomainEvent(String event, String model, String documentId, String locale, String entryJson,
        Instant createdAt) {
}
