package dev.quire.security;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.quire.api.ApiError;
import dev.quire.api.ApiError.Problem;

/**
 * What a role or token may do: content actions per content type ({@code "*"} for every type) and admin areas. Stored
 * and exchanged as {@code {"content": {"article": ["find", "create"], "*": ["find"]}, "admin": ["users-roles"]}}.
 */
public record Permissions(Map<String, Set<Action>> content, Set<AdminArea> admin) {

    private static final Pattern TYPE = Pattern.compile("\\*|[a-z][a-z0-9-]{0,59}");

    public Permissions {
        Map<String, Set<Action>> copy = new LinkedHashMap<>();
        content.forEach((k, v) -> copy.put(k, v.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(v))));
        content = java.util.Collections.unmodifiableMap(copy);
        admin = admin.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(admin));
    }

    /** Content API actions, named as in Strapi. */
    public enum Action {

        find,
        findOne,
        create,
        update,
        delete,
        publish;

        static final Set<Action> READ = EnumSet.of(find, findOne);
    }

    /** Parts of the admin API a role may be given. */
    public enum AdminArea {

        CONTENT_TYPES,
        USERS_ROLES,
        API_TOKENS,
        WEBHOOKS,
        JOBS,
        STORAGE,
        AUDIT_LOG;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        static AdminArea fromWireName(String name) {
            for (AdminArea a : values()) {
                if (a.wireName().equals(name)) {
                    return a;
                }
            }
            return null;
        }
    }

    public static final Permissions NONE = new Permissions(Map.of(), Set.of());
    public static final Permissions EVERYTHING = new Permissions(Map.of("*", EnumSet.allOf(Action.class)),
            EnumSet.allOf(AdminArea.class));
    public static final Permissions ALL_CONTENT = new Permissions(Map.of("*", EnumSet.allOf(Action.class)), Set.of());
    public static final Permissions READ_CONTENT = new Permissions(Map.of("*", Action.READ), Set.of());

    public boolean allows(String contentType, Action action) {
        return content.getOrDefault("*", Set.of()).contains(action)
                || content.getOrDefault(contentType, Set.of()).contains(action);
    }

    public boolean allows(AdminArea area) {
        return admin.contains(area);
    }

    /** Parses the JSON form; a 400 names every unknown type pattern, action or area. */
    public static Permissions parse(JsonNode node, String path) {
        List<Problem> problems = new ArrayList<>();
        Map<String, Set<Action>> content = new LinkedHashMap<>();
        Set<AdminArea> admin = EnumSet.noneOf(AdminArea.class);
        if (node == null || node.isNull()) {
            return NONE;
        }
        if (!node.isObject()) {
            throw ApiError.validation(List.of(Problem.at(path, "permissions must be an object")));
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.path("content").fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!TYPE.matcher(e.getKey()).matches() || !e.getValue().isArray()) {
                problems.add(new Problem(List.of(path, "content", e.getKey()), "expects a list of actions for a"
                        + " content type uid or *"));
                continue;
            }
            Set<Action> actions = EnumSet.noneOf(Action.class);
            for (JsonNode a : e.getValue()) {
                try {
                    actions.add(Action.valueOf(a.asText()));
                } catch (IllegalArgumentException unknown) {
                    problems.add(new Problem(List.of(path, "content", e.getKey()), "Unknown action " + a.asText()));
                }
            }
            content.put(e.getKey(), actions);
        }
        for (JsonNode a : node.path("admin")) {
            AdminArea area = AdminArea.fromWireName(a.asText());
            if (area == null) {
                problems.add(new Problem(List.of(path, "admin"), "Unknown admin area " + a.asText()));
            } else {
                admin.add(area);
            }
        }
        node.fieldNames().forEachRemaining(k -> {
            if (!k.equals("content") && !k.equals("admin")) {
                problems.add(new Problem(List.of(path, k), "Unknown property " + k));
            }
        });
        if (!problems.isEmpty()) {
            throw ApiError.validation(problems);
        }
        return new Permissions(content, admin);
    }

    public ObjectNode toJson() {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        ObjectNode c = out.putObject("content");
        content.forEach((type, actions) -> {
            var list = c.putArray(type);
            actions.stream().sorted().forEach(a -> list.add(a.name()));
        });
        var a = out.putArray("admin");
        admin.stream().sorted().forEach(area -> a.add(area.wireName()));
        return out;
    }
}
