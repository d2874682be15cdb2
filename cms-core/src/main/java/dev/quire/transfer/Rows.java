package dev.quire.transfer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.quire.storage.spi.ArchiveTable;
import dev.quire.storage.spi.ArchiveTable.Column;

/**
 * Rows between their database form (the values {@link dev.quire.storage.spi.ArchiveStore} reads and writes), their
 * archive form (a JSON array per row, JSON columns as JSON, instants in ISO-8601) and their canonical form (the archive
 * form with object keys sorted and numbers in plain notation, which is what a {@link Digest} hashes).
 */
final class Rows {

    static final JsonMapper JSON = JsonMapper.builder()
            .nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN)
            .build();

    private Rows() {
    }

    /** The archive form of a database row. */
    static ArrayNode toArchive(ArchiveTable table, Object[] row) {
        ArrayNode out = JSON.createArrayNode();
        List<Column> columns = table.columns();
        for (int i = 0; i < row.length; i++) {
            Object value = row[i];
            if (value == null) {
                out.addNull();
                continue;
            }
            switch (columns.get(i).type()) {
                case LONG -> out.add((Long) value);
                case BOOLEAN -> out.add((Boolean) value);
                case TEXT -> out.add((String) value);
                case INSTANT -> out.add(value.toString());
                case JSON -> out.add(parse((String) value));
            }
        }
        return out;
    }

    /**
     * The database row an archive line stands for.
     *
     * @throws IllegalArgumentException
     *             when a value does not have its column's type
     */
    static Object[] fromArchive(ArchiveTable table, JsonNode line) {
        List<Column> columns = table.columns();
        if (!line.isArray() || line.size() != columns.size()) {
            throw new IllegalArgumentException("a row of " + table.name() + " must be an array of " + columns.size()
                    + " values");
        }
        Object[] row = new Object[columns.size()];
        for (int i = 0; i < row.length; i++) {
            JsonNode value = line.get(i);
            Column column = columns.get(i);
            if (value.isNull()) {
                continue;
            }
            row[i] = switch (column.type()) {
                case LONG -> {
                    require(value.canConvertToExactIntegral() && value.canConvertToLong(), table, column);
                    yield value.longValue();
                }
                case BOOLEAN -> {
                    require(value.isBoolean(), table, column);
                    yield value.booleanValue();
                }
                case TEXT -> {
                    require(value.isTextual(), table, column);
                    yield value.textValue();
                }
                case INSTANT -> {
                    require(value.isTextual(), table, column);
                    try {
                        yield Instant.parse(value.textValue());
                    } catch (DateTimeParseException e) {
                        throw new IllegalArgumentException(table.name() + "." + column.name()
                                + " is not an ISO-8601 instant: " + value.textValue(), e);
                    }
                }
                case JSON -> write(value);
            };
        }
        return row;
    }

    private static void require(boolean ok, ArchiveTable table, Column column) {
        if (!ok) {
            throw new IllegalArgumentException(table.name() + "." + column.name() + " must be "
                    + column.type().name().toLowerCase(java.util.Locale.ROOT));
        }
    }

    /** The canonical form of a database row, as the bytes a digest hashes. */
    static byte[] canonical(ArchiveTable table, Object[] row) {
        ArrayNode archive = toArchive(table, row);
        ArrayNode out = JSON.createArrayNode();
        for (JsonNode value : archive) {
            out.add(canonical(value));
        }
        try {
            return JSON.writeValueAsBytes(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode canonical(JsonNode node) {
        if (node.isObject()) {
            Map<String, JsonNode> sorted = new TreeMap<>();
            Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                sorted.put(field.getKey(), canonical(field.getValue()));
            }
            ObjectNode out = JSON.createObjectNode();
            sorted.forEach(out::set);
            return out;
        }
        if (node.isArray()) {
            ArrayNode out = JSON.createArrayNode();
            node.forEach(element -> out.add(canonical(element)));
            return out;
        }
        if (node.isNumber()) {
            BigDecimal number = node.decimalValue().stripTrailingZeros();
            return number.scale() <= 0
                    ? JSON.getNodeFactory().numberNode(number.toBigIntegerExact())
                    : JSON.getNodeFactory().numberNode(number);
        }
        return node;
    }

    static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String write(JsonNode node) {
        try {
            return JSON.writeValueAsString(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
