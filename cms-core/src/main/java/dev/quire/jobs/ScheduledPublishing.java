package dev.quire.jobs;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.quire.content.Entries;
import dev.quire.schema.ContentType;
import dev.quire.schema.ContentTypes;
import dev.quire.security.Access;
import dev.quire.security.Permissions;
import dev.quire.storage.spi.EntryKey;
import dev.quire.storage.spi.EntryStatus;
import dev.quire.storage.spi.ScheduleStore.EntrySchedule;
import dev.quire.storage.spi.Storage;

/**
 * Publishes and unpublishes the documents whose scheduled time has come. Each document is handled in its own short
 * write that checks the schedule is still due, changes the entry through the same code as the API (so it emits its
 * {@code entry.publish} or {@code entry.unpublish} event and audit entry) and clears what it did from the schedule; a
 * run repeated after a crash therefore never publishes twice.
 */
@ApplicationScoped
public class ScheduledPublishing {

    static final Access ACTOR = new Access("job", 0, "scheduled-publishing", Permissions.ALL_CONTENT, null);
    private static final int BATCH = 100;

    @Inject
    Storage storage;

    @Inject
    Entries entries;

    @Inject
    ContentTypes contentTypes;

    String run(Instant tick) {
        int published = 0;
        int unpublished = 0;
        List<EntrySchedule> due;
        do {
            Instant now = Instant.now();
            Map<Long, String> uids = new HashMap<>();
            due = storage.read(s -> {
                s.contentTypes().list().forEach(t -> uids.put(t.id(), t.uid()));
                return s.schedules().due(now, BATCH);
            });
            for (EntrySchedule schedule : due) {
                String uid = uids.get(schedule.contentTypeId());
                int[] done = uid == null ? new int[]{0, 0} : storage.write(s -> apply(s, schedule, uid, now));
                published += done[0];
                unpublished += done[1];
            }
        } while (due.size() == BATCH);
        return "published " + published + ", unpublished " + unpublished;
    }

    /**
     * Applies what is due of one schedule, as it stands once this write holds it: two runs at once (a catch-up tick
     * beside the current one, or another instance's) apply it once, as the later finds it cleared. The draft is locked
     * before the schedule, the order of an API write of the document: a deletion locks the draft and then, by cascade,
     * the schedule, and the opposite order here let the two deadlock.
     */
    private int[] apply(dev.quire.storage.spi.StorageSession s, EntrySchedule stale, String uid, Instant now) {
        Optional<ContentType> type = contentTypes.find(s.contentTypes(), uid)
                .filter(t -> t.id() == stale.contentTypeId());
        if (type.isEmpty()) {
            return new int[]{0, 0};
        }
        s.entries().lock(new EntryKey(stale.contentTypeId(), stale.documentId(), stale.locale(), EntryStatus.DRAFT));
        Optional<EntrySchedule> current = s.schedules().lock(stale.contentTypeId(), stale.documentId(),
                stale.locale());
        if (current.isEmpty()) {
            return new int[]{0, 0};
        }
        EntrySchedule schedule = current.get();
        int published = 0;
        int unpublished = 0;
        Instant publishAt = schedule.publishAt();
        Instant unpublishAt = schedule.unpublishAt();
        if (publishAt != null && !publishAt.isAfter(now)) {
            published = entries.publishIn(s, ACTOR, type.get(), schedule.documentId(), schedule.locale(), now)
                    .isPresent() ? 1 : 0;
            publishAt = null;
        }
        if (publishAt == null && unpublishAt != null && !unpublishAt.isAfter(now)) {
            unpublished = entries.unpublishIn(s, ACTOR, type.get(), schedule.documentId(), schedule.locale(), now)
                    ? 1
                    : 0;
            unpublishAt = null;
        }
        if (publishAt == null && unpublishAt == null) {
            s.schedules().delete(schedule.contentTypeId(), schedule.documentId(), schedule.locale());
        } else {
            s.schedules().put(new EntrySchedule(schedule.contentTypeId(), schedule.documentId(), schedule.locale(),
                    publishAt, unpublishAt, now));
        }
        return new int[]{published, unpublished};
    }
}
