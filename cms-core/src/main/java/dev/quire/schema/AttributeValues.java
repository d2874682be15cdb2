package dev.quire.schema;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

/**
 * Checks one JSON value against an attribute and returns it in canonical form: numbers as numbers, dates, times and
 * datetimes as fixed-width UTC strings (so that text order is time order on both databases).
 */
public final class AttributeValues {

    public static final DateTimeFormatter DATETIME = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);
    /**
     * {@code instant} as {@link #DATETIME} formats it, written directly: every entry a page returns carries two or
     * three of these, and the general formatter cost a tenth of a list request's CPU.
     */
    public static String datetime(Instant instant) {
        LocalDateTime t = LocalDateTime.ofEpochSecond(instant.getEpochSecond(), instant.getNano(), ZoneOffset.UTC);
        if (t.getYear() < 0 || t.getYear() > 9999) {
            return DATETIME.format(instant);
        }
        char[] out = "0000-00-00T00:00:00.000Z".toCharArray();
        digits(out, 0, 4, t.getYear());
        digits(out, 5, 2, t.getMonthValue());
        digits(out, 8, 2, t.getDayOfMonth());
        digits(out, 11, 2, t.getHour());
        digits(out, 14, 2, t.getMinute());
        digits(out, 17, 2, t.getSecond());
        digits(out, 20, 3, t.getNano() / 1_000_000);
        return new String(out);
    }

    private static void digits(char[] out, int at, int width, int value) {
        for (int i = at + width - 1; i >= at; i--) {
            out[i] = (char) ('0' + value % 10);
            value /= 10;
        }
    }

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS");
    private static final Pattern EMAIL = Pattern.compile("[^\\s@]+@[^\\s@]+\\.[^\\s@]+");
    private static final Pattern UID = Pattern.compile("[A-Za-z0-9\\-_.~]*");
    private static final BigInteger LONG_MIN = BigInteger.valueOf(Long.MIN_VALUE);
    private static final BigInteger LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private AttributeValues() {
    }

    /** The outcome of checking one value: the canonical value, or why it is invalid. */
    public record Checked(JsonNode value, String problem) {

        static Checked ok(JsonNode value) {
            return new Checked(value, null);
        }

        static Checked invalid(String problem) {
            return new Checked(null, problem);
        }

        public boolean valid() {
            return problem == null;
        }
    }

    /** Checks a non-null value; null handling (required) is the caller's. */
    public static Checked check(Attribute a, JsonNode value) {
        String name = a.name();
        if (value.isNumber() && !isFinite(value)) {
            return Checked.invalid(name + " must be a finite number");
        }
        Checked checked = switch (a.type()) {
            case STRING, TEXT, RICHTEXT -> text(name, value);
            case EMAIL -> pattern(name, value, EMAIL, "must be a valid email");
            case UID -> pattern(name, value, UID, "must contain only letters, digits and -_.~");
            case INTEGER -> integer(name, value, BigInteger.valueOf(Integer.MIN_VALUE),
                    BigInteger.valueOf(Integer.MAX_VALUE));
            case BIGINTEGER -> integer(name, value, LONG_MIN, LONG_MAX);
            case FLOAT, DECIMAL -> value.isNumber() && Double.isFinite(value.doubleValue())
                    ? Checked.ok(JSON.numberNode(value.decimalValue()))
                    : Checked.invalid(name + " must be a number");
            case BOOLEAN -> value.isBoolean() ? Checked.ok(value) : Checked.invalid(name + " must be a boolean");
            case DATE -> date(name, value);
            case DATETIME -> datetime(name, value);
            case TIME -> time(name, value);
            case ENUMERATION -> value.isTextual() && a.enumValues().contains(value.textValue())
                    ? Checked.ok(value)
                    : Checked.invalid(name + " must be one of the following values: "
                            + String.join(", ", a.enumValues()));
            case RELATION -> Checked.invalid(name + " is a relation: write it by documentId");
            case JSON -> allFinite(value)
                    ? Checked.ok(value)
                    : Checked.invalid(name + " contains a number outside the range of JSON numbers");
            case BLOCKS -> {
                String problem = Blocks.problem(name, value);
                if (problem == null && !allFinite(value)) {
                    problem = name + " contains a number outside the range of JSON numbers";
                }
                yield problem == null ? Checked.ok(value) : Checked.invalid(problem);
            }
        };
        return checked.valid() ? bounds(a, checked.value()) : checked;
    }

    /** Whether a JSON number is within the range of a double: 1e400 parses, but is no usable value. */
    public static boolean isFinite(JsonNode number) {
        return Double.isFinite(number.doubleValue());
    }

    private static boolean allFinite(JsonNode node) {
        if (node.isNumber()) {
            return isFinite(node);
        }
        for (JsonNode child : node) {
            if (!allFinite(child)) {
                return false;
            }
        }
        return true;
    }

    private static Checked text(String name, JsonNode value) {
        return value.isTextual() ? Checked.ok(value) : Checked.invalid(name + " must be a string");
    }

    private static Checked pattern(String name, JsonNode value, Pattern pattern, String problem) {
        if (!value.isTextual()) {
            return Checked.invalid(name + " must be a string");
        }
        return pattern.matcher(value.textValue()).matches() ? Checked.ok(value) : Checked.invalid(name + " " + problem);
    }

    private static Checked integer(String name, JsonNode value, BigInteger min, BigInteger max) {
        BigInteger n;
        if (value.isIntegralNumber()) {
            n = value.bigIntegerValue();
        } else if (value.isNumber() && value.decimalValue().stripTrailingZeros().scale() <= 0) {
            n = value.decimalValue().toBigIntegerExact();
        } else if (value.isTextual() && value.textValue().matches("-?[0-9]{1,20}")) {
            n = new BigInteger(value.textValue());
        } else {
            return Checked.invalid(name + " must be an integer");
        }
        if (n.compareTo(min) < 0 || n.compareTo(max) > 0) {
            return Checked.invalid(name + " must be between " + min + " and " + max);
        }
        return Checked.ok(JSON.numberNode(n.longValueExact()));
    }

    private static Checked date(String name, JsonNode value) {
        try {
            return Checked.ok(JSON.textNode(LocalDate.parse(value.asText("")).toString()));
        } catch (DateTimeParseException e) {
            return Checked.invalid(name + " must be a date (YYYY-MM-DD)");
        }
    }

    private static Checked datetime(String name, JsonNode value) {
        try {
            OffsetDateTime t = OffsetDateTime.parse(value.isTextual() ? value.textValue() : "");
            return Checked.ok(JSON.textNode(datetime(t.toInstant())));
        } catch (DateTimeParseException e) {
            return Checked.invalid(name + " must be an ISO-8601 date-time with an offset, e.g. 2025-01-31T12:00:00Z");
        }
    }

    private static Checked time(String name, JsonNode value) {
        try {
            return Checked.ok(JSON.textNode(TIME.format(LocalTime.parse(value.isTextual() ? value.textValue() : ""))));
        } catch (DateTimeParseException e) {
            return Checked.invalid(name + " must be a time (HH:mm:ss)");
        }
    }

    private static Checked bounds(Attribute a, JsonNode value) {
        if (a.type().numeric()) {
            BigDecimal n = value.decimalValue();
            if (a.min() != null && n.compareTo(a.min()) < 0) {
                return Checked.invalid(a.name() + " must be greater than or equal to " + a.min().toPlainString());
            }
            if (a.max() != null && n.compareTo(a.max()) > 0) {
                return Checked.invalid(a.name() + " must be less than or equal to " + a.max().toPlainString());
            }
        }
        if (a.type().textual()) {
            int length = value.textValue().length();
            if (a.minLength() != null && length < a.minLength()) {
                return Checked.invalid(a.name() + " must be at least " + a.minLength() + " characters");
            }
            if (a.maxLength() != null && length > a.maxLength()) {
                return Checked.invalid(a.name() + " must be at most " + a.maxLength() + " characters");
            }
        }
        return Checked.ok(value);
    }
}
