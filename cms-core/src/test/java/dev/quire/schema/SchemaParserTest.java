package dev.quire.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.quire.api.ApiError;
import dev.quire.storage.spi.IndexedField;
import dev.quire.storage.spi.SortKey.ValueType;

class SchemaParserTest {

    private static JsonNode json(String text) throws Exception {
        return new ObjectMapper().readTree(text);
    }

    @Test
    void aStrapiSchemaJsonIsAcceptedAsIs() throws Exception {
        ContentTypeSchema schema = SchemaParser.parse(json("""
                {"kind":"collectionType","collectionName":"articles",
                 "info":{"singularName":"article","pluralName":"articles","displayName":"Article","description":""},
                 "options":{"draftAndPublish":true},"pluginOptions":{"i18n":{"localized":true}},
                 "attributes":{"title":{"type":"string","required":true,"pluginOptions":{}},
                               "slug":{"type":"uid","targetField":"title"},
                               "rank":{"type":"integer","index":true},
                               "body":{"type":"richtext","configurable":false}}}
                """));

        assertThat(schema.kind()).isEqualTo(ContentTypeSchema.Kind.COLLECTION_TYPE);
        assertThat(schema.draftAndPublish()).isTrue();
        assertThat(schema.localized()).isTrue();
        assertThat(schema.attributes()).containsOnlyKeys("title", "slug", "rank", "body");
        assertThat(schema.indexedFields()).containsExactly(new IndexedField("slug", true, ValueType.TEXT),
                new IndexedField("rank", false, ValueType.NUMBER));
    }

    @Test
    void problemsAreReportedWithTheirPaths() throws Exception {
        ApiError error = (ApiError) org.assertj.core.api.Assertions.catchThrowable(() -> SchemaParser.parse(json("""
                {"kind":"collectionType","extra":1,
                 "info":{"singularName":"same","pluralName":"same","displayName":""},
                 "attributes":{"9lives":{"type":"string"},
                               "slug":{"type":"uid","targetField":"missing"},
                               "score":{"type":"integer","min":5,"max":1,"default":"x"},
                               "flag":{"type":"boolean","unique":true},
                               "link":{"type":"relation"},
                               "picture":{"type":"media"}}}
                """)));

        @SuppressWarnings("unchecked")
        List<Object> paths = ((List<java.util.Map<String, Object>>) error.details().get("errors")).stream()
                .map(m -> m.get("path")).map(Object.class::cast).toList();
        assertThat(paths).contains(List.of("extra"), List.of("info", "pluralName"), List.of("info", "displayName"),
                List.of("attributes", "9lives"), List.of("attributes", "slug", "targetField"),
                List.of("attributes", "score", "min"), List.of("attributes", "flag"),
                List.of("attributes", "link", "relation"), List.of("attributes", "link", "target"),
                List.of("attributes", "picture", "type"));
    }

    @Test
    void aDefaultMustBeAValidValue() {
        assertThatThrownBy(() -> SchemaParser.parse(json("""
                {"kind":"singleType","info":{"singularName":"home","pluralName":"homes","displayName":"Home"},
                 "attributes":{"mode":{"type":"enumeration","enum":["a","b"],"default":"c"}}}
                """))).isInstanceOf(ApiError.class)
                .hasMessage("default: mode must be one of the following values: a, b");
    }

    @Test
    void noTypeTakesTheSegmentOfTheSiteLocales() {
        assertThatThrownBy(() -> SchemaParser.parse(json("""
                {"kind":"collectionType","info":{"singularName":"i18n-entry","pluralName":"i18n","displayName":"X"},
                 "attributes":{"title":{"type":"string"}}}
                """))).isInstanceOf(ApiError.class)
                .hasMessage("pluralName cannot be i18n: /api/i18n/locales lists the site's locales");
    }
}
