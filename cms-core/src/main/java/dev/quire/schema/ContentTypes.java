package dev.quire.schema;

import java.io.IOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.quire.api.ApiError;
import dev.quire.security.Access;
import dev.quire.storage.spi.ContentTypeRecord;
import dev.quire.storage.spi.ContentTypeStore;
import dev.quire.storage.spi.ContentTypeUpdate;
import dev.quire.storage.spi.NewContentType;
import dev.quire.storage.spi.NewDomainEvent;
import dev.quire.storage.spi.Storage;
import dev.quire.storage.spi.StorageSession;
import dev.quire.storage.spi.VersionConflict;

/**
 * Content types as data: created, changed and deleted at runtime, effective for the next request on every instance
 * because each request reads the type from the database, or checks in its own statement that the type it remembers is
 * still current (see {@link #lastSeen}). Parsed schemas are cached by (id, version), so a request pays at most one
 * indexed lookup, not a parse.
 */
@ApplicationScoped
public class ContentTypes {

    private final Map<Long, ContentType> parsed = new ConcurrentHashMap<>();
    /** The type each name last resolved to here; only names of types that existed, so it stays small. */
    private final Map<String, ContentType> byName = new ConcurrentHashMap<>();

    @Inject
    Storage storage;

    @Inject
    ObjectMapper json;

    public List<ContentType> list() {
        return storage.read(s -> s.contentTypes().list()).stream().map(this::parsed).toList();
    }

    public ContentType get(String uid) {
        return storage.read(s -> find(s.contentTypes(), uid))
                .filter(t -> t.uid().equals(uid))
                .orElseThrow(() -> ApiError.notFound("Content type " + uid + " not found"));
    }

    /** The type whose singular or plural name is {@code name}, read through {@code store}'s transaction. */
    public Optional<ContentType> find(ContentTypeStore store, String name) {
        Optional<ContentType> found = store.findByName(name).map(this::parsed);
        found.ifPresentOrElse(t -> byName.put(name, t), () -> byName.remove(name));
        return found;
    }

    /**
     * The type {@code name} resolved to when this instance last looked it up: a guess, since any instance may have
     * changed or deleted it since. A caller acts on it only in a statement that also checks the type is still at this
     * version (see {@link dev.quire.storage.spi.EntryQuery#typeVersion} and
     * {@link dev.quire.storage.spi.EntryStore#insertAtTypeVersion}), and looks the type up when it is not.
     */
    public Optional<ContentType> lastSeen(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    public ContentType create(Access access, JsonNode body) {
        ContentTypeSchema schema = SchemaParser.parse(body);
        String document = write(schema.document());
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        ContentTypeRecord created = storage.write(s -> {
            checkRelations(s.contentTypes(), schema);
            s.audit().append(access.audit("content-type.create", schema.singularName(), "success", now));
            ContentTypeRecord record = s.contentTypes().create(new NewContentType(schema.singularName(),
                    schema.pluralName(), schema.kind().wireName(), document, schema.indexedFields(), now));
            event(s, "content-type.create", record.uid(), document, now);
            return record;
        });
        return parsed(created);
    }

    public ContentType update(Access access, String uid, JsonNode body, Long expectedVersion) {
        ContentTypeSchema schema = SchemaParser.parse(body);
        if (!uid.equals(schema.singularName())) {
            throw ApiError.validation(List.of(new ApiError.Problem(List.of("info", "singularName"),
                    "singularName identifies the content type and cannot change")));
        }
        String document = write(schema.document());
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        ContentTypeRecord updated;
        try {
            // bulk: it may build or drop an index over the type's entries, or drop a relation field's links
            updated = storage.writeBulk(s -> {
                ContentType current = find(s.contentTypes(), uid).filter(t -> t.uid().equals(uid))
                        .orElseThrow(() -> ApiError.notFound("Content type " + uid + " not found"));
                if (current.schema().kind() != schema.kind()) {
                    throw ApiError.validation(List.of(ApiError.Problem.at("kind", "kind cannot change")));
                }
                checkRelations(s.contentTypes(), schema);
                for (Attribute old : current.schema().attributes().values()) {
                    Attribute kept = schema.attributes().get(old.name());
                    if (old.relation() != null && (kept == null || !old.relation().equals(kept.relation()))) {
                        s.relations().deleteField(current.id(), old.name());
                    }
                }
                long version = expectedVersion != null ? expectedVersion : current.record().version();
                s.audit().append(access.audit("content-type.update", uid, "success", now));
                ContentTypeRecord record = s.contentTypes().update(new ContentTypeUpdate(uid, version,
                        schema.pluralName(), document, schema.indexedFields(), now));
                event(s, "content-type.update", uid, document, now);
                return record;
            });
        } catch (VersionConflict e) {
            if (expectedVersion == null) {
                throw e;
            }
            throw ApiError.preconditionFailed("The content type is at version " + e.actual() + ", not " + e.expected());
        }
        return parsed(updated);
    }

    public void delete(Access access, String uid) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        // bulk: the type's entries go with it
        boolean deleted = storage.writeBulk(s -> {
            List<String> referrers = s.contentTypes().list().stream().map(this::parsed)
                    .filter(t -> !t.uid().equals(uid))
                    .flatMap(t -> t.schema().attributes().values().stream()
                            .filter(a -> a.relation() != null && a.relation().target().equals(uid))
                            .map(a -> t.uid() + "." + a.name()))
                    .toList();
            if (!referrers.isEmpty()) {
                throw ApiError.conflict("Content type " + uid + " is the target of " + String.join(", ", referrers)
                        + "; remove those relations first");
            }
            String document = s.contentTypes().findByName(uid).filter(r -> r.uid().equals(uid))
                    .map(ContentTypeRecord::schemaJson).orElse(null);
            if (document == null) {
                return false;
            }
            s.audit().append(access.audit("content-type.delete", uid, "success", now));
            event(s, "content-type.delete", uid, document, now);
            return s.contentTypes().delete(uid);
        });
        if (!deleted) {
            throw ApiError.notFound("Content type " + uid + " not found");
        }
    }

    /** A content-type event, with the schema it describes, in the change's own transaction. */
    private static void event(StorageSession s, String event, String uid, String schemaJson, Instant now) {
        s.events().append(new NewDomainEvent(event, uid, uid, "", schemaJson, now));
    }

    /** Every relation's target exists, and an inverse side names a relation of the target that owns the links. */
    private void checkRelations(ContentTypeStore store, ContentTypeSchema schema) {
        List<ApiError.Problem> problems = new java.util.ArrayList<>();
        for (Attribute a : schema.attributes().values()) {
            Attribute.Relation r = a.relation();
            if (r == null) {
                continue;
            }
            ContentTypeSchema target = r.target().equals(schema.singularName())
                    ? schema
                    : find(store, r.target()).filter(t -> t.uid().equals(r.target())).map(ContentType::schema)
                            .orElse(null);
            if (target == null) {
                problems.add(new ApiError.Problem(List.of("attributes", a.name(), "target"),
                        "There is no content type " + r.target()));
                continue;
            }
            if (r.mappedBy() != null) {
                Attribute owner = target.attributes().get(r.mappedBy());
                if (owner == null || owner.relation() == null || owner.relation().inverse()
                        || !owner.relation().target().equals(schema.singularName())) {
                    problems.add(new ApiError.Problem(List.of("attributes", a.name(), "mappedBy"), "mappedBy must"
                            + " name a relation of " + r.target() + " that targets " + schema.singularName()));
                }
            }
        }
        if (!problems.isEmpty()) {
            throw ApiError.validation(problems);
        }
    }

    private ContentType parsed(ContentTypeRecord record) {
        ContentType cached = parsed.get(record.id());
        if (cached != null && cached.record().version() == record.version()) {
            return cached;
        }
        try {
            ContentType type = new ContentType(record, SchemaParser.parse(json.readTree(record.schemaJson())));
            parsed.put(record.id(), type);
            return type;
        } catch (IOException e) {
            throw new IllegalStateException("stored schema of " + record.uid() + " is not JSON", e);
        }
    }

    private String write(JsonNode node) {
        try {
            return json.writeValueAsString(node);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
