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
import dev.quire.storage.spi.ContentTypeRecord;
import dev.quire.storage.spi.ContentTypeStore;
import dev.quire.storage.spi.ContentTypeUpdate;
import dev.quire.storage.spi.NewContentType;
import dev.quire.storage.spi.Storage;
import dev.quire.storage.spi.VersionConflict;

/**
 * Content types as data: created, changed and deleted at runtime, effective for the next request on every instance
 * because each request reads the type from the database. Parsed schemas are cached by (id, version), so a request pays
 * one indexed lookup, not a parse.
 */
@ApplicationScoped
public class ContentTypes {

    private final Map<Long, ContentType> parsed = new ConcurrentHashMap<>();

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
        return store.findByName(name).map(this::parsed);
    }

    public ContentType create(JsonNode body) {
        ContentTypeSchema schema = SchemaParser.parse(body);
        String document = write(schema.document());
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        ContentTypeRecord created = storage.write(s -> s.contentTypes().create(new NewContentType(schema.singularName(),
                schema.pluralName(), schema.kind().wireName(), document, schema.indexedFields(), now)));
        return parsed(created);
    }

    public ContentType update(String uid, JsonNode body, Long expectedVersion) {
        ContentTypeSchema schema = SchemaParser.parse(body);
        if (!uid.equals(schema.singularName())) {
            throw ApiError.validation(List.of(new ApiError.Problem(List.of("info", "singularName"),
                    "singularName identifies the content type and cannot change")));
        }
        String document = write(schema.document());
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        ContentTypeRecord updated;
        try {
            updated = storage.write(s -> {
                ContentType current = find(s.contentTypes(), uid).filter(t -> t.uid().equals(uid))
                        .orElseThrow(() -> ApiError.notFound("Content type " + uid + " not found"));
                if (current.schema().kind() != schema.kind()) {
                    throw ApiError.validation(List.of(ApiError.Problem.at("kind", "kind cannot change")));
                }
                long version = expectedVersion != null ? expectedVersion : current.record().version();
                return s.contentTypes().update(new ContentTypeUpdate(uid, version, schema.pluralName(), document,
                        schema.indexedFields(), now));
            });
        } catch (VersionConflict e) {
            if (expectedVersion == null) {
                throw e;
            }
            throw ApiError.preconditionFailed("The content type is at version " + e.actual() + ", not " + e.expected());
        }
        return parsed(updated);
    }

    public void delete(String uid) {
        boolean deleted = storage.write(s -> s.contentTypes().delete(uid));
        if (!deleted) {
            throw ApiError.notFound("Content type " + uid + " not found");
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
