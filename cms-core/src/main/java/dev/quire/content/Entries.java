package dev.quire.content;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.quire.CmsConfig;
import dev.quire.api.ApiError;
import dev.quire.schema.ContentType;
import dev.quire.schema.ContentTypes;
import dev.quire.security.Access;
import dev.quire.security.Permissions.Action;
import dev.quire.storage.spi.EntryKey;
import dev.quire.storage.spi.EntryPage;
import dev.quire.storage.spi.EntryQuery;
import dev.quire.storage.spi.EntryRecord;
import dev.quire.storage.spi.EntryStatus;
import dev.quire.storage.spi.EntryUpdate;
import dev.quire.storage.spi.NewDomainEvent;
import dev.quire.storage.spi.NewEntry;
import dev.quire.storage.spi.ScheduleStore;
import dev.quire.storage.spi.Storage;
import dev.quire.storage.spi.StorageSession;
import dev.quire.storage.spi.VersionConflict;

/**
 * Entries of content types, addressed as the content API addresses them: collection types by plural name and
 * documentId, single types by singular name.
 * <p>
 * Draft & publish follows Strapi 5: a document of a type with {@code draftAndPublish} always has a draft row and, once
 * published, a published row. Reads default to the published version; writes edit the draft and publish it unless
 * {@code status=draft}. Each operation is one unit of work that validates against the type it writes under and appends
 * one domain event for each logical action in it, as Strapi 5 emits them: a create that publishes is an
 * {@code entry.create} of the draft and an {@code entry.publish} of the published version.
 */
@ApplicationScoped
public class Entries {

    @Inject
    Storage storage;

    @Inject
    ContentTypes contentTypes;

    @Inject
    EntryRenderer renderer;

    @Inject
    CmsConfig config;

    @Inject
    SiteLocales siteLocales;

    /** One rendered entry and the version its ETag carries. */
    public record Rendered(ObjectNode data, long version) {
    }

    /** One page of rendered entries and its {@code meta.pagination}. */
    public record Listed(List<ObjectNode> data, Map<String, Object> pagination) {
    }

    /** Either a page of a collection type or the entry of a single type, whichever {@code name} addresses. */
    public Object find(Access access, String name, Map<String, List<String>> params) {
        Optional<Listed> listed = contentTypes.lastSeen(name)
                .filter(t -> !t.isSingleType() && t.schema().pluralName().equals(name))
                .flatMap(seen -> listAsSeen(access, name, seen, params));
        if (listed.isPresent()) {
            return listed.get();
        }
        return storage.read(s -> {
            ContentType type = type(s, name);
            access.require(type.uid(), Action.find);
            if (type.isSingleType()) {
                ListQuery.Single q = ListQuery.single(params, type, config.content(), scope(s));
                return read(s, type, new EntryKey(type.id(), singleTypeDocumentId(type.uid()), q.locale(),
                        readStatus(type, q.status())), q);
            }
            return list(s, access, type, params, OptionalLong.empty());
        });
    }

    /**
     * A page read with the type as this instance last saw it, without looking it up first: one round trip fewer per
     * list on PostgreSQL. The page's statement checks that the type is still at that version, so a page with rows is
     * the current type's. An empty page is the current type's too when the type is still at that version afterwards,
     * since versions only grow; a searched list that finds nothing then costs the lookup it saved, not the whole list
     * again. Otherwise, or after an error the remembered schema gave, the caller reads the type and answers from it.
     */
    private Optional<Listed> listAsSeen(Access access, String name, ContentType seen,
            Map<String, List<String>> params) {
        try {
            Listed listed = storage.read(s -> list(s, access, seen, params,
                    OptionalLong.of(seen.record().version())));
            return listed.data().isEmpty() && !stillAsSeen(name, seen) ? Optional.empty() : Optional.of(listed);
        } catch (ApiError e) {
            return Optional.empty();
        }
    }

    private boolean stillAsSeen(String name, ContentType seen) {
        return storage.read(s -> contentTypes.find(s.contentTypes(), name))
                .filter(t -> t.id() == seen.id() && t.record().version() == seen.record().version()).isPresent();
    }

    private Listed list(StorageSession s, Access access, ContentType type, Map<String, List<String>> params,
            OptionalLong typeVersion) {
        access.require(type.uid(), Action.find);
        ListQuery q = ListQuery.parse(params, type, config.content(), scope(s));
        EntryPage page = s.entries().list(new EntryQuery(type.id(), q.locale(), readStatus(type, q.status()),
                q.filter(), q.sort(), q.offset(), q.limit(), q.withCount(), typeVersion));
        List<ObjectNode> data = page.items().stream().map(e -> renderer.render(type, e, q.fields())).toList();
        QueryScope scope = scope(s).withRequest(q.locale(), q.status());
        Population.load(s, renderer, scope, type, page.items(), data, q.populate());
        return new Listed(data, pagination(q, page.total()));
    }

    public Rendered get(Access access, String pluralName, String documentId, Map<String, List<String>> params) {
        return storage.read(s -> {
            ContentType type = collection(s, pluralName);
            access.require(type.uid(), Action.findOne);
            ListQuery.Single q = ListQuery.single(params, type, config.content(), scope(s));
            return read(s, type, new EntryKey(type.id(), wellFormed(documentId), q.locale(),
                    readStatus(type, q.status())), q);
        });
    }

    public Rendered create(Access access, String pluralName, JsonNode body, Map<String, List<String>> params) {
        refuseEarly(access, pluralName, Action.create);
        Instant now = now();
        String documentId = DocumentIds.next();
        Optional<ContentType> seen = contentTypes.lastSeen(pluralName)
                .filter(t -> !t.isSingleType() && t.schema().pluralName().equals(pluralName));
        if (seen.isPresent()) {
            Optional<Rendered> created = createAsSeen(access, pluralName, seen.get(), body, params, documentId, now);
            if (created.isPresent()) {
                return created.get();
            }
        }
        return storage.write(s -> create(s, access, type(s, pluralName), pluralName, body, params, documentId, now,
                OptionalLong.empty())).orElseThrow();
    }

    /**
     * A create against the type as this instance last saw it, which spares the writer looking the type up: the entry
     * goes in only while the type is still at that version, checked in the insert's own statement. Empty, with nothing
     * written, when the type has changed; an error is the request's own only while the type is still as seen.
     */
    private Optional<Rendered> createAsSeen(Access access, String pluralName, ContentType seen, JsonNode body,
            Map<String, List<String>> params, String documentId, Instant now) {
        try {
            return storage.write(s -> create(s, access, seen, pluralName, body, params, documentId, now,
                    OptionalLong.of(seen.record().version())));
        } catch (ApiError e) {
            if (stillAsSeen(pluralName, seen)) {
                throw e;
            }
            return Optional.empty();
        }
    }

    private Optional<Rendered> create(StorageSession s, Access access, ContentType type, String pluralName,
            JsonNode body, Map<String, List<String>> params, String documentId, Instant now, OptionalLong typeVersion) {
        if (type.isSingleType()) {
            throw ApiError.methodNotAllowed("A single type is written with PUT /api/" + pluralName);
        }
        ListQuery.Single q = ListQuery.single(params, type, config.content(), scope(s));
        requireWrite(access, type, Action.create, q);
        return insert(s, access, type, documentId, q, data(body), now, typeVersion);
    }

    public Rendered update(Access access, String pluralName, String documentId, JsonNode body,
            Map<String, List<String>> params, Long expectedVersion) {
        refuseEarly(access, pluralName, Action.update);
        Instant now = now();
        return optimistic(expectedVersion, () -> storage.write(s -> {
            ContentType type = collection(s, pluralName);
            ListQuery.Single q = ListQuery.single(params, type, config.content(), scope(s));
            requireWrite(access, type, Action.update, q);
            EntryKey key = new EntryKey(type.id(), wellFormed(documentId), q.locale(), editStatus(type));
            Optional<EntryRecord> current = s.entries().lock(key);
            if (current.isEmpty()) {
                if (type.schema().localized() && !s.entries().versions(type.id(), documentId).isEmpty()) {
                    return insert(s, access, type, documentId, q, data(body), now);
                }
                throw notFound();
            }
            return edit(s, access, type, current.get(), q, body, expectedVersion, now);
        }));
    }

    public void delete(Access access, String pluralName, String documentId, Map<String, List<String>> params,
            Long expectedVersion) {
        refuseEarly(access, pluralName, Action.delete);
        Instant now = now();
        optimistic(expectedVersion, () -> storage.write(s -> {
            ContentType type = collection(s, pluralName);
            access.require(type.uid(), Action.delete);
            ListQuery.Single q = ListQuery.single(params, type, config.content(), scope(s));
            return remove(s, access, type, wellFormed(documentId), q.locale(), expectedVersion, now);
        }));
    }

    /** Publishes the draft of a document: {@code POST .../{documentId}/publish}. */
    public Rendered publish(Access access, String name, String documentId, Map<String, List<String>> params) {
        refuseEarly(access, name, Action.publish);
        Instant now = now();
        return storage.write(s -> {
            Document doc = draftAndPublishDocument(s, name, documentId, params);
            access.require(doc.type().uid(), Action.publish);
            EntryRecord published = publishIn(s, access, doc.type(), doc.documentId(), doc.query().locale(), now)
                    .orElseThrow(Entries::notFound);
            return rendered(s, doc.type(), published, doc.query());
        });
    }

    /**
     * Publishes a document's draft inside an open write, with its {@code entry.publish} event; the caller has checked
     * the permission. Empty when there is no draft in that locale.
     */
    public Optional<EntryRecord> publishIn(StorageSession s, Access access, ContentType type, String documentId,
            String locale, Instant now) {
        Optional<EntryRecord> draft = s.entries().lock(new EntryKey(type.id(), documentId, locale, EntryStatus.DRAFT));
        if (draft.isEmpty()) {
            return Optional.empty();
        }
        EntryRecord published = s.entries().publish(draft.get(), now);
        event(s, access, "entry.publish", type, published, now);
        return Optional.of(published);
    }

    /**
     * Removes a document's published version inside an open write, with its {@code entry.unpublish} event; the caller
     * has checked the permission. @return whether there was a published version
     */
    public boolean unpublishIn(StorageSession s, Access access, ContentType type, String documentId, String locale,
            Instant now) {
        Optional<EntryRecord> published = s.entries()
                .lock(new EntryKey(type.id(), documentId, locale, EntryStatus.PUBLISHED));
        if (published.isEmpty()) {
            return false;
        }
        s.entries().deleteVersion(published.get().key());
        event(s, access, "entry.unpublish", type, published.get(), now);
        return true;
    }

    /** Removes the published version, keeping the draft: {@code POST .../{documentId}/unpublish}. */
    public Rendered unpublish(Access access, String name, String documentId, Map<String, List<String>> params) {
        refuseEarly(access, name, Action.publish);
        Instant now = now();
        return storage.write(s -> {
            Document doc = draftAndPublishDocument(s, name, documentId, params);
            access.require(doc.type().uid(), Action.publish);
            EntryRecord draft = s.entries().find(doc.key(EntryStatus.DRAFT)).orElseThrow(Entries::notFound);
            unpublishIn(s, access, doc.type(), doc.documentId(), doc.query().locale(), now);
            return rendered(s, doc.type(), draft, doc.query());
        });
    }

    /**
     * The admin view of one document in one locale: its draft, its published version and its schedule, each null when
     * absent.
     */
    public Map<String, Object> adminView(Access access, String name, String documentId,
            Map<String, List<String>> params) {
        return storage.read(s -> {
            Document doc = document(s, name, documentId, params);
            access.require(doc.type().uid(), Action.findOne);
            Optional<EntryRecord> draft = doc.type().schema().draftAndPublish()
                    ? s.entries().find(doc.key(EntryStatus.DRAFT))
                    : Optional.empty();
            Optional<EntryRecord> published = s.entries().find(doc.key(EntryStatus.PUBLISHED));
            if (draft.isEmpty() && published.isEmpty()) {
                throw notFound();
            }
            Map<String, Object> view = new java.util.LinkedHashMap<>();
            view.put("documentId", doc.documentId());
            view.put("locale", doc.query().locale());
            view.put("draft", draft.map(e -> rendered(s, doc.type(), e, doc.query()).data()).orElse(null));
            view.put("published", published.map(e -> rendered(s, doc.type(), e, doc.query()).data()).orElse(null));
            view.put("schedule", s.schedules().find(doc.type().id(), doc.documentId(), doc.query().locale())
                    .map(Entries::scheduleView).orElse(null));
            return view;
        });
    }

    /**
     * Refuses, before its write begins, a caller that may do none of {@code actions} on the type {@code name} was last
     * seen as. Such a request would otherwise take a turn of SQLite's single writer (a transaction on PostgreSQL) only
     * to be denied, and a flood of them could hold back the site's own writes. The write checks again on the type it
     * reads, with the same {@code access}; a type not seen yet is checked there alone.
     */
    private void refuseEarly(Access access, String name, Action... actions) {
        Optional<ContentType> seen = contentTypes.lastSeen(name);
        if (seen.isPresent()
                && Arrays.stream(actions).noneMatch(a -> access.permissions().allows(seen.get().uid(), a))) {
            access.require(seen.get().uid(), actions[0]);
        }
    }

    /** Checks that {@code access} may do {@code action} on the type named {@code name}, before a body is read. */
    public void require(Access access, String name, Action action) {
        ContentType type = storage.read(s -> type(s, name));
        access.require(type.uid(), action);
    }

    /**
     * Sets when a document's draft is published and when its published version is removed, in one locale. Either time
     * may be null; the type must have draft &amp; publish, and the document a draft. The draft is locked, as by every
     * other write of the document, so a deletion under way is waited for and leaves nothing to schedule (404).
     */
    public Map<String, Object> schedule(Access access, String name, String documentId, Map<String, List<String>> params,
            Instant publishAt, Instant unpublishAt) {
        Instant now = now();
        return storage.write(s -> {
            Document doc = document(s, name, documentId, params);
            access.require(doc.type().uid(), Action.publish);
            requireDraftAndPublish(doc.type());
            if (s.entries().lock(doc.key(EntryStatus.DRAFT)).isEmpty()) {
                throw notFound();
            }
            ScheduleStore.EntrySchedule schedule = new ScheduleStore.EntrySchedule(doc.type().id(), doc.documentId(),
                    doc.query().locale(), publishAt, unpublishAt, now);
            s.schedules().put(schedule);
            s.audit().append(access.audit("entry.schedule", doc.type().uid() + "/" + doc.documentId() + "?locale="
                    + doc.query().locale(), "success", now));
            return scheduleView(schedule);
        });
    }

    /** Clears a document's schedule in one locale; 404 when it had none. */
    public void unschedule(Access access, String name, String documentId, Map<String, List<String>> params) {
        Instant now = now();
        storage.write(s -> {
            Document doc = document(s, name, documentId, params);
            access.require(doc.type().uid(), Action.publish);
            requireDraftAndPublish(doc.type());
            if (!s.schedules().delete(doc.type().id(), doc.documentId(), doc.query().locale())) {
                throw ApiError.notFound("The document has no schedule in locale " + doc.query().locale());
            }
            s.audit().append(access.audit("entry.unschedule", doc.type().uid() + "/" + doc.documentId() + "?locale="
                    + doc.query().locale(), "success", now));
            return null;
        });
    }

    private static Map<String, Object> scheduleView(ScheduleStore.EntrySchedule schedule) {
        Map<String, Object> view = new java.util.LinkedHashMap<>();
        view.put("publishAt", schedule.publishAt() == null ? null : schedule.publishAt().toString());
        view.put("unpublishAt", schedule.unpublishAt() == null ? null : schedule.unpublishAt().toString());
        view.put("updatedAt", schedule.updatedAt().toString());
        return view;
    }

    /** Creates or updates the entry of a single type. */
    public Rendered put(Access access, String singularName, JsonNode body, Map<String, List<String>> params,
            Long expectedVersion) {
        refuseEarly(access, singularName, Action.create, Action.update);
        Instant now = now();
        return optimistic(expectedVersion, () -> storage.write(s -> {
            ContentType type = singleType(s, singularName);
            ListQuery.Single q = ListQuery.single(params, type, config.content(), scope(s));
            String documentId = singleTypeDocumentId(type.uid());
            Optional<EntryRecord> current = s.entries()
                    .lock(new EntryKey(type.id(), documentId, q.locale(), editStatus(type)));
            requireWrite(access, type, current.isPresent() ? Action.update : Action.create, q);
            if (current.isPresent()) {
                return edit(s, access, type, current.get(), q, body, expectedVersion, now);
            }
            return insert(s, access, type, documentId, q, data(body), now);
        }));
    }

    public void deleteSingle(Access access, String singularName, Map<String, List<String>> params,
            Long expectedVersion) {
        refuseEarly(access, singularName, Action.delete);
        Instant now = now();
        optimistic(expectedVersion, () -> storage.write(s -> {
            ContentType type = singleType(s, singularName);
            access.require(type.uid(), Action.delete);
            ListQuery.Single q = ListQuery.single(params, type, config.content(), scope(s));
            return remove(s, access, type, singleTypeDocumentId(type.uid()), q.locale(), expectedVersion, now);
        }));
    }

    private Rendered read(StorageSession s, ContentType type, EntryKey key, ListQuery.Single q) {
        EntryRecord entry = s.entries().find(key).orElseThrow(Entries::notFound);
        return rendered(s, type, entry, q);
    }

    /** One entry with the fields and populated relations {@code q} asks for. */
    private Rendered rendered(StorageSession s, ContentType type, EntryRecord entry, ListQuery.Single q) {
        ObjectNode data = renderer.render(type, entry, q.fields());
        Population.load(s, renderer, q.scope(), type, List.of(entry), List.of(data), q.populate());
        return new Rendered(data, entry.version());
    }

    /** Content types resolved inside the current unit of work, for relations. */
    private QueryScope scope(StorageSession s) {
        return new QueryScope(uid -> contentTypes.find(s.contentTypes(), uid).filter(t -> t.uid().equals(uid)),
                config.content().defaultLocale(), EntryStatus.PUBLISHED, config.content().defaultLocale(),
                config.content().relationDepth(), storage.capabilities().maxInListSize(), siteLocales.accepted());
    }

    private Rendered insert(StorageSession s, Access access, ContentType type, String documentId, ListQuery.Single q,
            JsonNode input, Instant now) {
        return insert(s, access, type, documentId, q, input, now, OptionalLong.empty()).orElseThrow();
    }

    /**
     * Inserts a new document's first row, or a new locale's, with its links and event. With {@code typeVersion}, only
     * while the type is at that version: empty, with nothing written, when it is not.
     */
    private Optional<Rendered> insert(StorageSession s, Access access, ContentType type, String documentId,
            ListQuery.Single q, JsonNode input, Instant now, OptionalLong typeVersion) {
        ObjectNode data = EntryValidator.forCreate(type.schema(), input);
        List<RelationInput.Change> relations = RelationInput.parse(type.schema(), input);
        boolean draftAndPublish = type.schema().draftAndPublish();
        EntryKey key = new EntryKey(type.id(), documentId, q.locale(), editStatus(type));
        NewEntry row = new NewEntry(key, renderer.write(data), now, draftAndPublish ? null : now);
        Optional<EntryRecord> inserted = typeVersion.isPresent()
                ? s.entries().insertAtTypeVersion(row, typeVersion.getAsLong())
                : Optional.of(s.entries().insert(row));
        if (inserted.isEmpty()) {
            return Optional.empty();
        }
        EntryRecord entry = inserted.get();
        RelationInput.apply(s, entry.id(), relations, q.scope()::type);
        event(s, access, "entry.create", type, entry, now);
        return Optional.of(rendered(s, type, publishIfAsked(s, access, type, entry, q, now), q));
    }

    private Rendered edit(StorageSession s, Access access, ContentType type, EntryRecord current, ListQuery.Single q,
            JsonNode body,
            Long expectedVersion, Instant now) {
        ObjectNode data = EntryValidator.forUpdate(type.schema(), data(body), renderer.parse(current.dataJson()));
        List<RelationInput.Change> relations = RelationInput.parse(type.schema(), data(body));
        OptionalLong version = OptionalLong.of(expectedVersion != null ? expectedVersion : current.version());
        EntryRecord entry = s.entries().update(new EntryUpdate(current.key(), renderer.write(data), version, now));
        RelationInput.apply(s, entry.id(), relations, q.scope()::type);
        event(s, access, "entry.update", type, entry, now);
        return rendered(s, type, publishIfAsked(s, access, type, entry, q, now), q);
    }

    /**
     * Under draft &amp; publish a write publishes the draft it wrote unless it asks for {@code status=draft}, and, as
     * in Strapi 5, that is a publication of its own: an {@code entry.publish} event and audit entry after the write's
     * {@code entry.create} or {@code entry.update}, so that a webhook listening for publications hears of every one.
     * The written entry otherwise.
     */
    private EntryRecord publishIfAsked(StorageSession s, Access access, ContentType type, EntryRecord written,
            ListQuery.Single q, Instant now) {
        if (!type.schema().draftAndPublish() || q.status() == EntryStatus.DRAFT) {
            return written;
        }
        EntryRecord published = s.entries().publish(written, now);
        event(s, access, "entry.publish", type, published, now);
        return published;
    }

    private int remove(StorageSession s, Access access, ContentType type, String documentId, String locale,
            Long expectedVersion,
            Instant now) {
        EntryRecord current = s.entries().lock(new EntryKey(type.id(), documentId, locale, editStatus(type)))
                .orElseThrow(Entries::notFound);
        if (expectedVersion != null && current.version() != expectedVersion) {
            throw new VersionConflict(expectedVersion, current.version());
        }
        EntryRecord described = s.entries()
                .find(new EntryKey(type.id(), documentId, locale, EntryStatus.PUBLISHED)).orElse(current);
        int deleted = s.entries().delete(type.id(), documentId, locale);
        event(s, access, "entry.delete", type, described, now);
        return deleted;
    }

    /**
     * The domain event of a change and its audit entry, in the change's own transaction; where the database allows,
     * sent with its {@code COMMIT}.
     */
    private void event(StorageSession s, Access access, String event, ContentType type, EntryRecord entry,
            Instant now) {
        String json = renderer.write(renderer.render(type, entry, Set.of()));
        s.events().appendAtCommit(new NewDomainEvent(event, type.uid(), entry.documentId(), entry.locale(), json, now),
                access.audit(event, type.uid() + "/" + entry.documentId() + "?locale=" + entry.locale(), "success",
                        now));
    }

    /** A write needs its own action, and {@code publish} too when it publishes a draft & publish type. */
    private static void requireWrite(Access access, ContentType type, Action action, ListQuery.Single q) {
        access.require(type.uid(), action);
        if (type.schema().draftAndPublish() && q.status() != EntryStatus.DRAFT) {
            access.require(type.uid(), Action.publish);
        }
    }

    /** The row writes edit: the draft under draft & publish, otherwise the only (published) row. */
    private static EntryStatus editStatus(ContentType type) {
        return type.schema().draftAndPublish() ? EntryStatus.DRAFT : EntryStatus.PUBLISHED;
    }

    /** Types without draft & publish have only published rows, whatever status is asked for. */
    private static EntryStatus readStatus(ContentType type, EntryStatus requested) {
        return type.schema().draftAndPublish() ? requested : EntryStatus.PUBLISHED;
    }

    /** A document addressed by an explicit publish or unpublish, in the locale its request names. */
    private record Document(ContentType type, ListQuery.Single query, String documentId) {

        EntryKey key(EntryStatus status) {
            return new EntryKey(type.id(), documentId, query.locale(), status);
        }
    }

    private Document draftAndPublishDocument(StorageSession s, String name, String documentId,
            Map<String, List<String>> params) {
        Document doc = document(s, name, documentId, params);
        requireDraftAndPublish(doc.type());
        return doc;
    }

    private static void requireDraftAndPublish(ContentType type) {
        if (!type.schema().draftAndPublish()) {
            throw ApiError.validation("Draft & publish is not enabled for " + type.uid());
        }
    }

    private Document document(StorageSession s, String name, String documentId, Map<String, List<String>> params) {
        ContentType type = type(s, name);
        ListQuery.Single q = ListQuery.single(params, type, config.content(), scope(s));
        String id = type.isSingleType() ? singleTypeDocumentId(type.uid()) : wellFormed(documentId);
        return new Document(type, q, id);
    }

    private ContentType type(StorageSession s, String name) {
        return contentTypes.find(s.contentTypes(), name)
                .filter(t -> t.isSingleType()
                        ? t.schema().singularName().equals(name)
                        : t.schema().pluralName().equals(name))
                .orElseThrow(Entries::notFound);
    }

    private ContentType collection(StorageSession s, String pluralName) {
        ContentType type = type(s, pluralName);
        if (type.isSingleType()) {
            throw notFound();
        }
        return type;
    }

    private ContentType singleType(StorageSession s, String singularName) {
        ContentType type = type(s, singularName);
        if (!type.isSingleType()) {
            throw ApiError.methodNotAllowed("Use /api/" + singularName + "/{documentId} to change a collection entry");
        }
        return type;
    }

    private static String wellFormed(String documentId) {
        if (!DocumentIds.isWellFormed(documentId)) {
            throw notFound();
        }
        return documentId;
    }

    private static JsonNode data(JsonNode body) {
        if (body == null || !body.isObject() || !body.path("data").isObject()) {
            throw ApiError.validation("Missing \"data\" payload in the request body");
        }
        return body.get("data");
    }

    private static <T> T optimistic(Long expectedVersion, Supplier<T> write) {
        try {
            return write.get();
        } catch (VersionConflict e) {
            if (expectedVersion == null) {
                throw ApiError.conflict("The entry was changed concurrently; reload it and retry");
            }
            throw ApiError.preconditionFailed("The entry is at version " + e.actual() + ", not " + e.expected());
        }
    }

    private static Map<String, Object> pagination(ListQuery q, OptionalLong total) {
        Map<String, Object> p = new LinkedHashMap<>();
        if (q.offsetStyle()) {
            p.put("start", q.offset());
            p.put("limit", q.limit());
        } else {
            p.put("page", q.page());
            p.put("pageSize", q.limit());
            total.ifPresent(t -> p.put("pageCount", (t + q.limit() - 1) / q.limit()));
        }
        total.ifPresent(t -> p.put("total", t));
        return p;
    }

    /**
     * A single type has one document; its id is derived from the type so that two concurrent first writes on a
     * multi-writer database collide on the row key instead of creating two documents.
     */
    static String singleTypeDocumentId(String uid) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256")
                    .digest(("single:" + uid).getBytes(StandardCharsets.UTF_8));
            StringBuilder id = new StringBuilder("s");
            for (int i = 0; id.length() < 24; i++) {
                id.append("abcdefghijklmnopqrstuvwxyz0123456789".charAt((hash[i] & 0xff) % 36));
            }
            return id.toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }

    private static ApiError notFound() {
        return ApiError.notFound("Not Found");
    }
}
