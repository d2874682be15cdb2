package dev.quire.schema;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.BiFunction;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Strapi 5's {@code blocks}, its rich text as a JSON array of nodes, checked as Strapi's entity validator checks them:
 * blocks of type paragraph, heading (level 1 to 6), quote, code, list (ordered or unordered, of list items and nested
 * lists) and image; inside them text nodes (a string, optional boolean marks) and links (a URL that is absolute or
 * starts with {@code /}, never {@code javascript:}, {@code vbscript:} or {@code data:}). Properties Strapi does not
 * check are kept as sent. Each check names the node it refused, as {@code body[2].children[0]}.
 */
final class Blocks {

    private static final Set<String> BLOCKED_PROTOCOLS = Set.of("javascript", "vbscript", "data");
    private static final List<String> MARKS = List.of("bold", "italic", "underline", "strikethrough", "code");
    private static final List<String> IMAGE_TEXT = List.of("name", "url", "hash", "ext", "mime", "provider",
            "createdAt", "updatedAt");
    private static final List<String> IMAGE_NUMBERS = List.of("width", "height", "size");
    private static final List<String> IMAGE_OPTIONAL_TEXT = List.of("alternativeText", "caption", "previewUrl");

    private Blocks() {
    }

    /** Why {@code value} is not valid blocks, or {@code null}. */
    static String problem(String name, JsonNode value) {
        if (!value.isArray()) {
            return name + " must be an array of blocks";
        }
        for (int i = 0; i < value.size(); i++) {
            String problem = block(name + "[" + i + "]", value.get(i));
            if (problem != null) {
                return problem;
            }
        }
        return null;
    }

    private static String block(String at, JsonNode node) {
        if (!node.isObject()) {
            return at + " must be a block object";
        }
        return switch (type(node)) {
            case "paragraph", "quote" -> inlines(at, node, 1);
            case "heading" -> {
                JsonNode level = node.path("level");
                boolean valid = level.isIntegralNumber() && level.canConvertToInt() && level.asInt() >= 1
                        && level.asInt() <= 6;
                yield valid ? inlines(at, node, 1) : at + ".level must be 1, 2, 3, 4, 5 or 6";
            }
            case "code" -> {
                JsonNode language = node.get("language");
                if (language != null && !language.isNull() && !language.isTextual()) {
                    yield at + ".language must be a string";
                }
                yield texts(at, node, 1);
            }
            case "list" -> list(at, node);
            case "image" -> image(at, node);
            default -> at + ".type must be paragraph, heading, quote, code, list or image";
        };
    }

    /** A list; how deep lists nest is bounded by the request body's own nesting limit. */
    private static String list(String at, JsonNode node) {
        String format = node.path("format").asText("");
        if (!node.path("format").isTextual() || !(format.equals("ordered") || format.equals("unordered"))) {
            return at + ".format must be ordered or unordered";
        }
        return children(at, node, 1, (child, item) -> switch (type(item)) {
            case "list" -> list(child, item);
            case "list-item" -> inlines(child, item, 0);
            default -> child + " must be a list-item or a list";
        });
    }

    private static String image(String at, JsonNode node) {
        JsonNode image = node.get("image");
        if (image != null && !image.isNull()) {
            if (!image.isObject()) {
                return at + ".image must be an object";
            }
            for (String key : IMAGE_TEXT) {
                if (!image.path(key).isTextual()) {
                    return at + ".image." + key + " must be a string";
                }
            }
            for (String key : IMAGE_NUMBERS) {
                if (!image.path(key).isNumber()) {
                    return at + ".image." + key + " must be a number";
                }
            }
            for (String key : IMAGE_OPTIONAL_TEXT) {
                JsonNode value = image.get(key);
                if (value != null && !value.isNull() && !value.isTextual()) {
                    return at + ".image." + key + " must be a string";
                }
            }
        }
        return inlines(at, node, 0);
    }

    /** The node's {@code children}: at least {@code min} text or link nodes. */
    private static String inlines(String at, JsonNode node, int min) {
        return children(at, node, min, (child, inline) -> switch (type(inline)) {
            case "text" -> text(child, inline);
            case "link" -> link(child, inline);
            default -> child + " must be a text or a link";
        });
    }

    /** The node's {@code children}: at least {@code min} text nodes. */
    private static String texts(String at, JsonNode node, int min) {
        return children(at, node, min,
                (child, text) -> type(text).equals("text") ? text(child, text) : child + " must be a text");
    }

    /**
     * The node's {@code children}: an array of at least {@code min} nodes, each of which {@code check} takes (given its
     * path); the first problem found, or {@code null}.
     */
    private static String children(String at, JsonNode node, int min, BiFunction<String, JsonNode, String> check) {
        JsonNode children = node.get("children");
        if (children == null || !children.isArray()) {
            return at + ".children must be an array";
        }
        if (children.size() < min) {
            return at + ".children must not be empty";
        }
        for (int i = 0; i < children.size(); i++) {
            String problem = check.apply(at + ".children[" + i + "]", children.get(i));
            if (problem != null) {
                return problem;
            }
        }
        return null;
    }

    /** A node's {@code type}, or "" for anything that is not an object with a string type. */
    private static String type(JsonNode node) {
        return node.isObject() && node.path("type").isTextual() ? node.get("type").textValue() : "";
    }

    private static String text(String at, JsonNode node) {
        if (!node.path("text").isTextual()) {
            return at + ".text must be a string";
        }
        for (String mark : MARKS) {
            JsonNode value = node.get(mark);
            if (value != null && !value.isBoolean()) {
                return at + "." + mark + " must be true or false";
            }
        }
        return null;
    }

    private static String link(String at, JsonNode node) {
        JsonNode url = node.get("url");
        if (url == null || !url.isTextual() || !safeLink(url.textValue())) {
            return at + ".url must be a link that is absolute or starts with /, and not javascript:, vbscript:"
                    + " or data:";
        }
        return texts(at, node, 0);
    }

    /**
     * Whether a link's URL parses, absolute or from {@code /}, with a scheme that runs nothing. Stricter than a
     * browser's parser, which drops tabs, line breaks and leading spaces: here they make the URL invalid, so
     * {@code "java\tscript:"} or {@code " javascript:"} cannot pass as a relative link. Spaces elsewhere are taken as
     * {@code %20}, as a browser takes them.
     */
    static boolean safeLink(String link) {
        String absolute = link.startsWith("/") ? "https://host.invalid" + link : link;
        try {
            URI uri = new URI(absolute.replace(" ", "%20"));
            return uri.getScheme() != null && !BLOCKED_PROTOCOLS.contains(uri.getScheme().toLowerCase(Locale.ROOT));
        } catch (URISyntaxException e) {
            return false;
        }
    }
}
