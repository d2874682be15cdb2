package dev.quire.content;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.quire.CmsConfig;
import dev.quire.api.ApiError;
import dev.quire.schema.ContentType;
import dev.quire.schema.ContentTypes;
import dev.quire.storage.spi.EntryKey;
import dev.quire.storage.spi.EntryPage;
import dev.quire.storage.spi.EntryQuery;
import dev.quire.storage.spi.EntryRecord;
import dev.quire.storage.spi.EntryStatus;
import dev.quire.storage.spi.EntryUpdate;
import dev.quire.storage.spi.NewEntry;
import dev.quire.storage.spi.Storage;
import dev.quire.storage.spi.StorageSession;
import dev.quire.storage.spi.VersionConflict;

/**
 * Entries of content types, addressed as the content API addresses them: collection types by plural name and
 * documentId, single types by singular name. Each operation is one unit of work, so the type it validates against is
 * the type it writes under.
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

    /** One rendered entry and the version its ETag carries. */
    public record Rendered(ObjectNode data, long version) {
    }

    /** One page of rendered entries and its {@code meta.pagination}. */
    public record Listed(List<ObjectNode> data, Map<String, Object> pagination) {
    }

    /** Either a page of a collection type or the entry of a single type, whichever {@code name} addresses. */
    public Object find(String name, Map<String, List<String>> params) {
        return storage.read(s -> {
            ContentType type = type(s, name);
            if (type.isSingleType()) {
                return single(s, type, ListQuery.locale(params, type.schema(), config.content()));
            }
            ListQuery q = ListQuery.parse(params, type.schema(), config.content());
            EntryPage page = s.entries().list(new EntryQuery(type.id(), q.locale(), EntryStatus.PUBLISHED, q.sort(),
                    q.offset(), q.limit(), q.withCount()));
            List<ObjectNode> data = page.items().stream().map(e -> renderer.render(type, e)).toList();
            return new Listed(data, pagination(q, page.total()));
        });
    }

    public Rendered get(String pluralName, String documentId, Map<String, List<String>> params) {
        return storage.read(s -> {
            ContentType type = collection(s, pluralName);
            EntryKey key = key(type, documentId, params);
            EntryRecord entry = s.entries().find(key).orElseThrow(Entries::notFound);
            return new Rendered(renderer.render(type, entry), entry.version());
        });
    }

    public Rendered create(String pluralName, JsonNode body, Map<String, List<String>> params) {
        Instant now = now();
        String documentId = DocumentIds.next();
        return storage.write(s -> {
            ContentType type = collection(s, pluralName);
            ObjectNode data = EntryValidator.forCreate(type.schema(), data(body));
            EntryKey key = new EntryKey(type.id(), documentId,
                    ListQuery.locale(params, type.schema(), config.content()), EntryStatus.PUBLISHED);
            EntryRecord entry = s.entries().insert(new NewEntry(key, renderer.write(data), now, now));
            return new Rendered(renderer.render(type, entry), entry.version());
        });
    }

    public Rendered update(String pluralName, String documentId, JsonNode body, Map<String, List<String>> params,
            Long expectedVersion) {
        Instant now = now();
        return optimistic(expectedVersion, () -> storage.write(s -> {
            ContentType type = collection(s, pluralName);
            EntryKey key = key(type, documentId, params);
            EntryRecord current = s.entries().find(key).orElseThrow(Entries::notFound);
            return update(s, type, current, body, expectedVersion, now);
        }));
    }

    public void delete(String pluralName, String documentId, Map<String, List<String>> params,
            Long expectedVersion) {
        optimistic(expectedVersion, () -> storage.write(s -> {
            ContentType type = collection(s, pluralName);
            EntryKey key = key(type, documentId, params);
            EntryRecord current = s.entries().find(key).orElseThrow(Entries::notFound);
            if (expectedVersion != null && current.version() != expectedVersion) {
                throw new VersionConflict(expectedVersion, current.version());
            }
            return s.entries().delete(type.id(), documentId, key.locale());
        }));
    }

    /** Creates or updates the entry of a single type. */
    public Rendered put(String singularName, JsonNode body, Map<String, List<String>> params, Long expectedVersion) {
        Instant now = now();
        return optimistic(expectedVersion, () -> storage.write(s -> {
            ContentType type = singleType(s, singularName);
            EntryKey key = new EntryKey(type.id(), singleTypeDocumentId(type.uid()),
                    ListQuery.locale(params, type.schema(), config.content()), EntryStatus.PUBLISHED);
            var current = s.entries().find(key);
            if (current.isPresent()) {
                return update(s, type, current.get(), body, expectedVersion, now);
            }
            ObjectNode data = EntryValidator.forCreate(type.schema(), data(body));
            EntryRecord entry = s.entries().insert(new NewEntry(key, renderer.write(data), now, now));
            return new Rendered(renderer.render(type, entry), entry.version());
        }));
    }

    public void deleteSingle(String singularName, Map<String, List<String>> params, Long expectedVersion) {
        optimistic(expectedVersion, () -> storage.write(s -> {
            ContentType type = singleType(s, singularName);
            String locale = ListQuery.locale(params, type.schema(), config.content());
            EntryKey key = new EntryKey(type.id(), singleTypeDocumentId(type.uid()), locale, EntryStatus.PUBLISHED);
            EntryRecord current = s.entries().find(key).orElseThrow(Entries::notFound);
            if (expectedVersion != null && current.version() != expectedVersion) {
                throw new VersionConflict(expectedVersion, current.version());
            }
            return s.entries().delete(type.id(), key.documentId(), locale);
        }));
    }

    /** Whether {@code name} addresses a single type (so that POST can answer 405 rather than 404). */
    public boolean isSingleType(String name) {
        return storage.read(s -> contentTypes.find(s.contentTypes(), name)
                .map(t -> t.isSingleType() && t.schema().singularName().equals(name)).orElse(false));
    }

    private Rendered update(StorageSession s, ContentType type, EntryRecord current, JsonNode body,
            Long expectedVersion, Instant now) {
        ObjectNode data = EntryValidator.forUpdate(type.schema(), data(body), renderer.parse(current.dataJson()));
        OptionalLong version = OptionalLong.of(expectedVersion != null ? expectedVersion : current.version());
        EntryRecord updated = s.entries().update(new EntryUpdate(current.key(), renderer.write(data), version, now));
        return new Rendered(renderer.render(type, updated), updated.version());
    }

    private Rendered single(StorageSession s, ContentType type, String locale) {
        EntryKey key = new EntryKey(type.id(), singleTypeDocumentId(type.uid()), locale, EntryStatus.PUBLISHED);
        EntryRecord entry = s.entries().find(key).orElseThrow(Entries::notFound);
        return new Rendered(renderer.render(type, entry), entry.version());
    }

    private EntryKey key(ContentType type, String documentId, Map<String, List<String>> params) {
        if (!DocumentIds.isWellFormed(documentId)) {
            throw notFound();
        }
        return new EntryKey(type.id(), documentId, ListQuery.locale(params, type.schema(), config.content()),
                EntryStatus.PUBLISHED);
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

    private static JsonNode data(JsonNode body) {
        if (body == null || !body.isObject() || !body.path("data").isObject()) {
            throw ApiError.validation("Missing \"data\" payload in the request body");
        }
        return body.get("data");
    }

    private static <T> T optimistic(Long expectedVersion, java.util.function.Supplier<T> write) {
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
