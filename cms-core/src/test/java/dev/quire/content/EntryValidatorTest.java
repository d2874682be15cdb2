package dev.quire.content;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.quire.api.ApiError;
import dev.quire.schema.ContentTypeSchema;
import dev.quire.schema.SchemaParser;

class EntryValidatorTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final ContentTypeSchema SCHEMA = SchemaParser.parse(json("""
            {"kind":"collectionType","info":{"singularName":"event","pluralName":"events","displayName":"Event"},
             "attributes":{
               "name":{"type":"string","required":true,"minLength":2,"maxLength":10},
               "slug":{"type":"uid","targetField":"name"},
               "email":{"type":"email"},
               "seats":{"type":"integer","min":1,"max":500,"default":50},
               "budget":{"type":"biginteger"},
               "price":{"type":"decimal","min":0},
               "open":{"type":"boolean"},
               "day":{"type":"date"},
               "startsAt":{"type":"datetime"},
               "doors":{"type":"time"},
               "kind":{"type":"enumeration","enum":["talk","workshop"]},
               "extra":{"type":"json"}}}
            """));

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static List<Object> problemPaths(ApiError e) {
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> errors = (List<Map<String, Object>>) e.details().get("errors");
        return errors.stream().map(m -> ((List<?>) m.get("path")).get(0)).map(Object.class::cast).toList();
    }

    @Test
    void valuesAreStoredInCanonicalForm() {
        ObjectNode data = EntryValidator.forCreate(SCHEMA, json("""
                {"name":"Ça Va","budget":"9223372036854775807","price":12.50,"open":true,"day":"2025-02-28",
                 "startsAt":"2025-03-01T01:30:00+02:00","doors":"18:05","kind":"talk","extra":{"a":[1,2]}}
                """));

        assertThat(data.get("slug").asText()).isEqualTo("ca-va");
        assertThat(data.get("seats").asInt()).isEqualTo(50);
        assertThat(data.get("budget").asLong()).isEqualTo(Long.MAX_VALUE);
        assertThat(data.get("startsAt").asText()).isEqualTo("2025-02-28T23:30:00.000Z");
        assertThat(data.get("doors").asText()).isEqualTo("18:05:00.000");
        assertThat(data.get("extra").toString()).isEqualTo("{\"a\":[1,2]}");
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        ApiError error = (ApiError) catchThrowable(() -> EntryValidator.forCreate(SCHEMA, json("""
                {"name":"x","email":"not-an-email","seats":501,"budget":"9223372036854775808","price":-1,
                 "open":"yes","day":"2025-02-30","startsAt":"tomorrow","kind":"party","slug":"has space","nope":1}
                """)));

        assertThat(error.status()).isEqualTo(400);
        assertThat(problemPaths(error)).containsExactlyInAnyOrder("name", "email", "seats", "budget", "price", "open",
                "day", "startsAt", "kind", "slug", "nope");
    }

    @Test
    void numbersBeyondTheRangeOfJsonNumbersAreRejectedEvenInsideJson() {
        assertThatThrownBy(() -> EntryValidator.forCreate(SCHEMA, json("{\"name\":\"ab\",\"price\":1e400}")))
                .isInstanceOf(ApiError.class).hasMessage("price must be a finite number");
        assertThatThrownBy(() -> EntryValidator.forCreate(SCHEMA,
                json("{\"name\":\"ab\",\"extra\":{\"deep\":[1,-1e999]}}")))
                .isInstanceOf(ApiError.class).hasMessage("extra contains a number outside the range of JSON numbers");
    }

    @Test
    void integersRejectFractionsAndOutOfRangeValues() {
        assertThatThrownBy(() -> EntryValidator.forCreate(SCHEMA, json("{\"name\":\"ab\",\"seats\":2.5}")))
                .isInstanceOf(ApiError.class).hasMessage("seats must be an integer");
        assertThat(EntryValidator.forCreate(SCHEMA, json("{\"name\":\"ab\",\"seats\":3.0}")).get("seats").asInt())
                .isEqualTo(3);
    }

    @Test
    void updateKeepsStoredValuesAndRequiredFieldsCannotBeCleared() {
        ObjectNode stored = EntryValidator.forCreate(SCHEMA, json("{\"name\":\"Old\",\"seats\":10}"));

        ObjectNode updated = EntryValidator.forUpdate(SCHEMA, json("{\"seats\":11}"), stored);
        assertThat(updated.get("name").asText()).isEqualTo("Old");
        assertThat(updated.get("seats").asInt()).isEqualTo(11);
        assertThat(stored.get("seats").asInt()).isEqualTo(10);
        assertThatThrownBy(() -> EntryValidator.forUpdate(SCHEMA, json("{\"name\":null}"), stored))
                .isInstanceOf(ApiError.class).hasMessage("name must be defined.");
    }

    private static Throwable catchThrowable(Runnable r) {
        try {
            r.run();
        } catch (Throwable t) {
            return t;
        }
        throw new AssertionError("expected an exception");
    }
}
