package dev.quire.storage.spi;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** When documents are to be published or unpublished, per locale; deleting the document deletes its schedule. */
public interface ScheduleStore {

    /** Sets (or, with both null, keeps an empty) schedule for one document in one locale. */
    void put(EntrySchedule schedule);

    Optional<EntrySchedule> find(long contentTypeId, String documentId, String locale);

    /**
     * The schedule of one document in one locale, held for the rest of this unit of work as {@link EntryStore#lock}
     * holds an entry: a write applying it is the only one that can, and a write that applied it first has ended (and
     * cleared what it applied) before this returns. Only in a write.
     */
    Optional<EntrySchedule> lock(long contentTypeId, String documentId, String locale);

    /** @return whether there was a schedule */
    boolean delete(long contentTypeId, String documentId, String locale);

    /** Schedules with a publish or an unpublish due at {@code now}, earliest first. */
    List<EntrySchedule> due(Instant now, int limit);

    record EntrySchedule(long contentTypeId, String documentId, String locale, Instant publishAt, Instant unpublishAt,
            Instant updatedAt) {
    }
}
