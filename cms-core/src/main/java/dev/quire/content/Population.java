package dev.quire.content;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.quire.api.ApiError;
import dev.quire.schema.Attribute;
import dev.quire.schema.AttributeType;
import dev.quire.schema.ContentType;
import dev.quire.storage.spi.Condition;
import dev.quire.storage.spi.EntryQuery;
import dev.quire.storage.spi.EntryRecord;
import dev.quire.storage.spi.RelationStore;
import dev.quire.storage.spi.SortKey;
import dev.quire.storage.spi.StorageSession;

/**
 * {@code populate}: which relations to load into the response, each with its own {@code fields}, {@code filters},
 * {@code sort} and nested {@code populate}. Loading is batched per relation attribute: one query for the links of the
 * whole page and one for the linked entries (per 500 of them), whatever the page size, so there is no N+1.
 * <p>
 * A localized type also has Strapi's {@code localizations}: the entry's document in the site's other locales, in the
 * same status, as front-ends read it to link a page to its translations. It is read the same batched way, one query for
 * the whole page's documents in every locale.
 */
final class Population {

    static final String LOCALIZATIONS = "localizations";

    /**
     * One relation to load.
     *
     * @param attribute
     *            the relation attribute, or {@code null} for {@link #LOCALIZATIONS}, whose target is the type itself
     */
    record Spec(Attribute attribute, ContentType target, Set<String> fields, Condition filter, List<SortKey> sort,
            List<Spec> nested) {

        String name() {
            return attribute == null ? LOCALIZATIONS : attribute.name();
        }
    }

    private Population() {
    }

    static List<Spec> parse(Object node, ContentType type, QueryScope scope, int depth) {
        if (node == null) {
            return List.of();
        }
        if (depth >= scope.maxRelationDepth()) {
            throw ApiError.validation("populate is nested too deeply (at most " + scope.maxRelationDepth() + ")");
        }
        Map<String, Object> requested = new LinkedHashMap<>();
        if (node instanceof String s && s.equals("*")) {
            type.schema().attributes().values().stream()
                    .filter(a -> a.type() == AttributeType.RELATION && !a.privateField())
                    .forEach(a -> requested.put(a.name(), Map.of()));
            if (type.schema().localized()) {
                requested.put(LOCALIZATIONS, Map.of());
            }
        } else if (node instanceof String s) {
            for (String name : s.split(",")) {
                requested.put(name.trim(), Map.of());
            }
        } else if (QueryTree.asList(node) != null && !(node instanceof Map<?, ?> m && m.isEmpty())) {
            for (Object item : QueryTree.asList(node)) {
                if (!(item instanceof String name)) {
                    throw ApiError.validation("populate takes relation names");
                }
                requested.put(name, Map.of());
            }
        } else if (node instanceof Map<?, ?> map) {
            map.forEach((k, v) -> requested.put((String) k, v));
        }
        List<Spec> specs = new ArrayList<>();
        for (Map.Entry<String, Object> e : requested.entrySet()) {
            if (e.getKey().equals(LOCALIZATIONS) && type.schema().localized()) {
                specs.add(spec(null, type, LOCALIZATIONS, e.getValue(), scope, depth));
                continue;
            }
            Attribute a = type.schema().attributes().get(e.getKey());
            if (a == null || a.type() != AttributeType.RELATION || a.privateField()) {
                throw ApiError.validation("Invalid key " + e.getKey() + " in populate");
            }
            specs.add(spec(a, scope.type(a.relation().target()), a.name(), e.getValue(), scope, depth));
        }
        return specs;
    }

    private static Spec spec(Attribute a, ContentType target, String name, Object options, QueryScope scope,
            int depth) {
        if (!(options instanceof Map<?, ?> map)) {
            if (options instanceof String s && (s.equals("true") || s.equals("*"))) {
                return new Spec(a, target, Set.of(), EntryQuery.ALL, List.of(), List.of());
            }
            throw ApiError.validation("populate[" + name + "] takes fields, filters, sort or populate");
        }
        for (Object key : map.keySet()) {
            if (!Set.of("fields", "filters", "sort", "populate").contains(key)) {
                throw ApiError.validation("Invalid key " + key + " in populate[" + name + "]");
            }
        }
        QueryScope inner = scope.forTarget(target);
        Set<String> fields = ListQuery.fields(map.get("fields"), target.schema());
        Condition filter = map.containsKey("filters")
                ? FilterCompiler.compile(map.get("filters"), target.schema(), inner, depth + 1)
                : EntryQuery.ALL;
        List<SortKey> sort = map.containsKey("sort") ? ListQuery.sort(map.get("sort"), target.schema()) : List.of();
        return new Spec(a, target, fields, filter, sort, parse(map.get("populate"), target, inner, depth + 1));
    }

    /** Sets each populated relation on the rendered entries ({@code rendered} parallels {@code rows}). */
    static void load(StorageSession s, EntryRenderer renderer, QueryScope scope, ContentType type,
            List<EntryRecord> rows, List<ObjectNode> rendered, List<Spec> specs) {
        if (rows.isEmpty()) {
            return;
        }
        for (Spec spec : specs) {
            if (spec.attribute() == null) {
                localizations(s, renderer, scope, type, rows, rendered, spec);
                continue;
            }
            QueryScope inner = scope.forTarget(spec.target());
            Map<Long, List<String>> linked = spec.attribute().relation().inverse()
                    ? inverse(s, inner, type, spec, rows)
                    : owning(s, spec, rows);
            Set<String> all = new LinkedHashSet<>();
            linked.values().forEach(all::addAll);
            List<EntryRecord> targets = targets(s, inner, spec, new ArrayList<>(all));
            List<ObjectNode> renderedTargets = targets.stream().map(t -> renderer.render(spec.target(), t,
                    spec.fields())).toList();
            load(s, renderer, inner, spec.target(), targets, renderedTargets, spec.nested());
            Map<String, Integer> rank = new HashMap<>();
            Map<String, ObjectNode> byId = new HashMap<>();
            for (int i = 0; i < targets.size(); i++) {
                rank.put(targets.get(i).documentId(), i);
                byId.put(targets.get(i).documentId(), renderedTargets.get(i));
            }
            for (int i = 0; i < rows.size(); i++) {
                List<String> ids = new ArrayList<>(linked.getOrDefault(rows.get(i).id(), List.of()));
                ids.removeIf(id -> !byId.containsKey(id));
                if (!spec.sort().isEmpty()) {
                    ids.sort((x, y) -> Integer.compare(rank.get(x), rank.get(y)));
                }
                if (spec.attribute().relation().toOne()) {
                    rendered.get(i).set(spec.name(), ids.isEmpty() ? null : byId.get(ids.get(0)));
                } else {
                    ArrayNode array = JsonNodeFactory.instance.arrayNode();
                    ids.forEach(id -> array.add(byId.get(id)));
                    rendered.get(i).set(spec.name(), array);
                }
            }
        }
    }

    /**
     * Sets {@code localizations} on each rendered entry: its document's rows in every other locale, in the entry's own
     * status, in the spec's order (by id without one). Their own populated relations are read in their own locale.
     */
    private static void localizations(StorageSession s, EntryRenderer renderer, QueryScope scope, ContentType type,
            List<EntryRecord> rows, List<ObjectNode> rendered, Spec spec) {
        QueryScope inner = scope.forTarget(type);
        List<String> documents = rows.stream().map(EntryRecord::documentId).distinct().toList();
        List<EntryRecord> all = new ArrayList<>();
        for (int i = 0; i < documents.size(); i += 500) {
            List<Object> chunk = new ArrayList<>(documents.subList(i, Math.min(documents.size(), i + 500)));
            Condition filter = new Condition.And(List.of(spec.filter(), new Condition.Compare("documentId",
                    SortKey.ValueType.TEXT, Condition.Operator.IN, chunk)));
            all.addAll(s.entries().list(new EntryQuery(type.id(), null, inner.status(), filter, spec.sort(), 0,
                    Integer.MAX_VALUE, false)).items());
        }
        Map<String, List<Integer>> byLocale = new LinkedHashMap<>();
        Map<String, List<Integer>> byDocument = new HashMap<>();
        List<ObjectNode> renderedAll = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            renderedAll.add(renderer.render(type, all.get(i), spec.fields()));
            byLocale.computeIfAbsent(all.get(i).locale(), k -> new ArrayList<>()).add(i);
            byDocument.computeIfAbsent(all.get(i).documentId(), k -> new ArrayList<>()).add(i);
        }
        byLocale.forEach((locale, indexes) -> load(s, renderer, scope.withRequest(locale, scope.status()), type,
                indexes.stream().map(all::get).toList(), indexes.stream().map(renderedAll::get).toList(),
                spec.nested()));
        for (int i = 0; i < rows.size(); i++) {
            EntryRecord row = rows.get(i);
            ArrayNode array = JsonNodeFactory.instance.arrayNode();
            for (int j : byDocument.getOrDefault(row.documentId(), List.of())) {
                if (!all.get(j).locale().equals(row.locale())) {
                    array.add(renderedAll.get(j));
                }
            }
            rendered.get(i).set(LOCALIZATIONS, array);
        }
    }

    private static Map<Long, List<String>> owning(StorageSession s, Spec spec, List<EntryRecord> rows) {
        Map<Long, List<String>> out = new HashMap<>();
        for (RelationStore.Link link : s.relations().links(rows.stream().map(EntryRecord::id).toList(),
                spec.attribute().name())) {
            out.computeIfAbsent(link.entryId(), k -> new ArrayList<>()).add(link.targetDocumentId());
        }
        return out;
    }

    private static Map<Long, List<String>> inverse(StorageSession s, QueryScope inner, ContentType type, Spec spec,
            List<EntryRecord> rows) {
        List<RelationStore.DocumentRef> refs = rows.stream().map(r -> new RelationStore.DocumentRef(type.id(),
                r.documentId())).distinct().toList();
        Map<String, List<Long>> rowsByDocument = new HashMap<>();
        rows.forEach(r -> rowsByDocument.computeIfAbsent(r.documentId(), k -> new ArrayList<>()).add(r.id()));
        Map<Long, List<String>> out = new HashMap<>();
        for (RelationStore.InverseLink link : s.relations().inverseLinks(spec.target().id(),
                spec.attribute().relation().mappedBy(), inner.locale(), inner.status(), refs)) {
            for (long rowId : rowsByDocument.getOrDefault(link.targetDocumentId(), List.of())) {
                out.computeIfAbsent(rowId, k -> new ArrayList<>()).add(link.source().documentId());
            }
        }
        return out;
    }

    private static List<EntryRecord> targets(StorageSession s, QueryScope inner, Spec spec, List<String> ids) {
        List<EntryRecord> out = new ArrayList<>();
        for (int i = 0; i < ids.size(); i += 500) {
            List<Object> chunk = new ArrayList<>(ids.subList(i, Math.min(ids.size(), i + 500)));
            Condition filter = new Condition.And(List.of(spec.filter(), new Condition.Compare("documentId",
                    SortKey.ValueType.TEXT, Condition.Operator.IN, chunk)));
            out.addAll(s.entries().list(new EntryQuery(spec.target().id(), inner.locale(), inner.status(), filter,
                    spec.sort(), 0, chunk.size(), false)).items());
        }
        return out;
    }

}
