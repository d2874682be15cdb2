package dev.quire.content;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.quire.api.ApiError;

/**
 * Query parameters in the bracket notation Strapi's clients send ({@code qs} style), such as
 * {@code filters[$or][0][title][$eq]=a}, turned into nested maps. A value is a {@link String}, a {@link List} of
 * strings (a repeated key or {@code []}), or a {@link Map}. Size and depth are bounded, so hostile parameters cost
 * little before they are refused.
 */
final class QueryTree {

    static final int MAX_DEPTH = 12;
    static final int MAX_PARAMETERS = 500;
    private static final Pattern KEY = Pattern.compile("([^\\[\\]]+)((?:\\[[^\\[\\]]*])*)");
    private static final Pattern SEGMENT = Pattern.compile("\\[([^\\[\\]]*)]");

    private QueryTree() {
    }

    static Map<String, Object> parse(Map<String, List<String>> params) {
        Map<String, Object> root = new LinkedHashMap<>();
        int count = 0;
        for (Map.Entry<String, List<String>> p : params.entrySet()) {
            for (String value : p.getValue()) {
                if (++count > MAX_PARAMETERS) {
                    throw ApiError.validation("Too many query parameters (at most " + MAX_PARAMETERS + ")");
                }
                put(root, segments(p.getKey()), value);
            }
        }
        return root;
    }

    private static List<String> segments(String key) {
        Matcher m = KEY.matcher(key);
        if (!m.matches()) {
            throw invalid(key);
        }
        List<String> out = new ArrayList<>();
        out.add(m.group(1));
        Matcher s = SEGMENT.matcher(m.group(2));
        while (s.find()) {
            out.add(s.group(1));
        }
        if (out.size() > MAX_DEPTH) {
            throw ApiError.validation("Query parameter " + key + " is nested too deeply (at most " + MAX_DEPTH + ")");
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static void put(Map<String, Object> node, List<String> path, String value) {
        Map<String, Object> current = node;
        for (int i = 0; i < path.size() - 1; i++) {
            String segment = path.get(i);
            if (path.get(i + 1).isEmpty() && i + 1 == path.size() - 1) {
                Object existing = current.get(segment);
                if (existing != null && !(existing instanceof List)) {
                    throw invalid(String.join(".", path));
                }
                ((List<String>) current.computeIfAbsent(segment, k -> new ArrayList<String>())).add(value);
                return;
            }
            Object next = current.computeIfAbsent(segment, k -> new LinkedHashMap<String, Object>());
            if (!(next instanceof Map)) {
                throw invalid(String.join(".", path));
            }
            current = (Map<String, Object>) next;
        }
        String last = path.get(path.size() - 1);
        Object existing = current.get(last);
        if (existing == null) {
            current.put(last, value);
        } else if (existing instanceof String s) {
            current.put(last, new ArrayList<>(List.of(s, value)));
        } else if (existing instanceof List) {
            ((List<String>) existing).add(value);
        } else {
            throw invalid(String.join(".", path));
        }
    }

    /** A map whose keys are 0, 1, 2 ... read as the list it encodes; a list as itself; anything else as null. */
    static List<Object> asList(Object node) {
        if (node instanceof List<?> list) {
            return new ArrayList<>(list);
        }
        if (node instanceof Map<?, ?> map) {
            List<Object> out = new ArrayList<>();
            for (int i = 0; i < map.size(); i++) {
                Object item = map.get(Integer.toString(i));
                if (item == null) {
                    return null;
                }
                out.add(item);
            }
            return out;
        }
        return null;
    }

    private static ApiError invalid(String key) {
        return ApiError.validation("Invalid query parameter " + key);
    }
}
