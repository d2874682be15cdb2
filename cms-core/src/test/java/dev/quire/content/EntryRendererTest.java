package dev.quire.content;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.quire.schema.ContentType;
import dev.quire.schema.SchemaParser;
import dev.quire.storage.spi.ContentTypeRecord;
import dev.quire.storage.spi.EntryRecord;
import dev.quire.storage.spi.EntryStatus;

class EntryRendererTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant CREATED = Instant.parse("2026-01-02T03:04:05.678Z");
    private static final Instant EDITED = Instant.parse("2026-02-03T04:05:06.789Z");

    private final EntryRenderer renderer = renderer();

    private static EntryRenderer renderer() {
        EntryRenderer r = new EntryRenderer();
        r.json = JSON;
        return r;
    }

    private static ContentType type() throws Exception {
        String schema = """
                {"kind":"collectionType","info":{"singularName":"note","pluralName":"notes","displayName":"Note"},
                 "attributes":{"title":{"type":"string"},"secret":{"type":"string","private":true}}}
                """;
        return new ContentType(
                new ContentTypeRecord(1, "note", "notes", "collectionType", schema, java.util.List.of(), 1, CREATED,
                        CREATED),
                SchemaParser.parse(JSON.readTree(schema)));
    }

    private ObjectNode render(Instant updated, Instant published) throws Exception {
        return renderer.render(type(), new EntryRecord(7, 1, "doc", "en", EntryStatus.PUBLISHED,
                "{\"title\":\"t\",\"secret\":\"s\"}", 1, CREATED, updated, published));
    }

    @Test
    void timestampsAreEachEntrysOwnWhetherTheySharedAnInstantOrNot() throws Exception {
        ObjectNode untouched = render(CREATED, CREATED);
        assertThat(untouched.toString()).isEqualTo("{\"id\":7,\"documentId\":\"doc\",\"title\":\"t\","
                + "\"createdAt\":\"2026-01-02T03:04:05.678Z\",\"updatedAt\":\"2026-01-02T03:04:05.678Z\","
                + "\"publishedAt\":\"2026-01-02T03:04:05.678Z\"}");

        ObjectNode editedThenPublished = render(EDITED, EDITED);
        assertThat(editedThenPublished.get("createdAt").asText()).isEqualTo("2026-01-02T03:04:05.678Z");
        assertThat(editedThenPublished.get("updatedAt").asText()).isEqualTo("2026-02-03T04:05:06.789Z");
        assertThat(editedThenPublished.get("publishedAt").asText()).isEqualTo("2026-02-03T04:05:06.789Z");

        ObjectNode publishedAtCreationThenEdited = render(EDITED, CREATED);
        assertThat(publishedAtCreationThenEdited.get("updatedAt").asText()).isEqualTo("2026-02-03T04:05:06.789Z");
        assertThat(publishedAtCreationThenEdited.get("publishedAt").asText()).isEqualTo("2026-01-02T03:04:05.678Z");

        assertThat(render(EDITED, null).get("publishedAt").isNull()).isTrue();
    }
}
