package dev.quire.content;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.quire.CmsConfig;
import dev.quire.api.ApiError;
import dev.quire.schema.Attribute;
import dev.quire.schema.AttributeType;
import dev.quire.schema.ContentType;
import dev.quire.schema.ContentTypeSchema;
import dev.quire.storage.spi.Condition;
import dev.quire.storage.spi.EntryQuery;
import dev.quire.storage.spi.EntryStatus;
import dev.quire.storage.spi.SortKey;

/**
 * The parameters of Strapi 5's REST API that Quire understands: {@code filters}, {@code _q}, {@code sort} (string, list
 * and indexed forms), {@code pagination[page|pageSize]} or {@code pagination[start|limit]} (not both),
 * {@code pagination[withCount]}, {@code fields}, {@code status} and {@code locale}. Any other parameter is a 400:
 * ignoring one silently would return the wrong data.
 *
 * @param fields
 *            the attributes to return, empty for all
 */
public record ListQuery(boolean offsetStyle, long offset, int limit, int page, boolean withCount, List<SortKey> sort,
        Condition filter, Set<String> fields, EntryStatus status, String locale, List<Population.Spec> populate) {

    private static final Pattern SORT = Pattern.compile("([A-Za-z][A-Za-z0-9_]{0,63})(?::(asc|desc))?",
            Pattern.CASE_INSENSITIVE);
    static final Pattern LOCALE = Pattern.compile("[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8}){0,3}");
    private static final Set<String> SYSTEM_FIELDS = Set.of("createdAt", "updatedAt", "publishedAt", "locale");

    /** Parses the parameters of a list request; relations are resolved through {@code scope}. */
    static ListQuery parse(Map<String, List<String>> params, ContentType type, CmsConfig.Content config,
            QueryScope scope) {
        ContentTypeSchema schema = type.schema();
        Map<String, Object> tree = QueryTree.parse(params);
        EntryStatus status = status(tree.get("status"));
        String locale = locale(tree.get("locale"), schema, config, scope);
        scope = scope.withRequest(locale, status);
        Condition filter = EntryQuery.ALL;
        List<Condition> conditions = new ArrayList<>();
        Integer page = null, pageSize = null, start = null, limit = null;
        boolean withCount = true;
        List<SortKey> sort = List.of();
        for (Map.Entry<String, Object> p : tree.entrySet()) {
            Object value = p.getValue();
            switch (p.getKey()) {
                case "filters" -> conditions.add(FilterCompiler.compile(value, schema, scope, 0));
                case "_q" -> conditions.add(search(text("_q", value), schema));
                case "sort" -> sort = sort(value, schema);
                case "pagination" -> {
                    if (!(value instanceof Map<?, ?> pagination)) {
                        throw ApiError.validation("pagination takes page and pageSize, or start and limit");
                    }
                    for (Map.Entry<?, ?> e : pagination.entrySet()) {
                        String key = "pagination[" + e.getKey() + "]";
                        String v = text(key, e.getValue());
                        switch ((String) e.getKey()) {
                            case "page" -> page = number(key, v, 1);
                            case "pageSize" -> pageSize = number(key, v, 1);
                            case "start" -> start = number(key, v, 0);
                            case "limit" -> limit = "-1".equals(v) ? config.maxPageSize() : number(key, v, 1);
                            case "withCount" -> withCount = bool(key, v);
                            default -> throw ApiError.validation("Invalid parameter " + key);
                        }
                    }
                }
                case "fields", "status", "locale", "populate" -> {
                    // read before or after this loop
                }
                default -> throw invalid(p.getKey());
            }
        }
        if ((page != null || pageSize != null) && (start != null || limit != null)) {
            throw ApiError.validation("Use either pagination[page] and pagination[pageSize], or pagination[start]"
                    + " and pagination[limit], not both");
        }
        if (!conditions.isEmpty()) {
            filter = conditions.size() == 1 ? conditions.get(0) : new Condition.And(conditions);
        }
        Set<String> fields = fields(tree.get("fields"), schema);
        List<Population.Spec> populate = Population.parse(tree.get("populate"), type, scope, 0);
        if (start != null || limit != null) {
            int size = Math.min(limit != null ? limit : config.defaultPageSize(), config.maxPageSize());
            return new ListQuery(true, start != null ? start : 0, size, 0, withCount, sort, filter, fields, status,
                    locale, populate);
        }
        int size = Math.min(pageSize != null ? pageSize : config.defaultPageSize(), config.maxPageSize());
        int p = page != null ? page : 1;
        return new ListQuery(false, (long) (p - 1) * size, size, p, withCount, sort, filter, fields, status, locale,
                populate);
    }

    /**
     * The parameters a single-entry request may carry: {@code fields}, {@code populate}, {@code status},
     * {@code locale}.
     */
    record Single(Set<String> fields, EntryStatus status, String locale, List<Population.Spec> populate,
            QueryScope scope) {
    }

    static Single single(Map<String, List<String>> params, ContentType type, CmsConfig.Content config,
            QueryScope scope) {
        Map<String, Object> tree = QueryTree.parse(params);
        for (String key : tree.keySet()) {
            if (!Set.of("fields", "status", "locale", "populate").contains(key)) {
                throw invalid(key);
            }
        }
        EntryStatus status = status(tree.get("status"));
        String locale = locale(tree.get("locale"), type.schema(), config, scope);
        QueryScope scoped = scope.withRequest(locale, status);
        return new Single(fields(tree.get("fields"), type.schema()), status, locale,
                Population.parse(tree.get("populate"), type, scoped, 0), scoped);
    }

    /** {@code _q}: a case-insensitive substring search over the type's text attributes. */
    private static Condition search(String term, ContentTypeSchema schema) {
        if (term.length() > 200) {
            throw ApiError.validation("_q is limited to 200 characters");
        }
        List<Condition> any = new ArrayList<>();
        for (Attribute a : schema.attributes().values()) {
            if (a.type().textual() && !a.privateField()) {
                any.add(new Condition.Compare(a.name(), SortKey.ValueType.TEXT, Condition.Operator.CONTAINSI,
                        List.of(term)));
            }
        }
        return new Condition.Or(any);
    }

    static List<SortKey> sort(Object value, ContentTypeSchema schema) {
        List<String> specs = new ArrayList<>();
        List<Object> items = value instanceof String s ? List.of(s) : QueryTree.asList(value);
        if (items == null) {
            throw ApiError.validation("sort takes field:asc or field:desc, as sort=title:asc or sort[0]=title:asc");
        }
        for (Object item : items) {
            for (String part : text("sort", item).split(",")) {
                if (!part.isBlank()) {
                    specs.add(part.trim());
                }
            }
        }
        List<SortKey> out = new ArrayList<>();
        for (String spec : specs) {
            Matcher m = SORT.matcher(spec);
            if (!m.matches()) {
                throw ApiError.validation("Invalid sort " + spec);
            }
            String field = m.group(1);
            boolean descending = m.group(2) != null && m.group(2).toLowerCase(Locale.ROOT).equals("desc");
            if (SortKey.SystemField.isSystem(field)) {
                out.add(new SortKey(field, SortKey.ValueType.TEXT, descending));
                continue;
            }
            Attribute a = schema.attributes().get(field);
            if (a == null || a.privateField() || a.type().document() || a.type() == AttributeType.RELATION) {
                throw ApiError.validation("Invalid key " + field + " in sort");
            }
            out.add(new SortKey(field, a.type().valueType(), descending));
        }
        return out;
    }

    static Set<String> fields(Object value, ContentTypeSchema schema) {
        if (value == null) {
            return Set.of();
        }
        List<Object> items = value instanceof String s ? List.of(s) : QueryTree.asList(value);
        if (items == null) {
            throw ApiError.validation("fields takes attribute names, as fields[0]=title or fields=title,slug");
        }
        Set<String> out = new LinkedHashSet<>();
        for (Object item : items) {
            for (String name : text("fields", item).split(",")) {
                String field = name.trim();
                Attribute a = schema.attributes().get(field);
                boolean known = a != null && !a.privateField() && a.type() != AttributeType.RELATION
                        || SYSTEM_FIELDS.contains(field)
                        || field.equals("id") || field.equals("documentId");
                if (!known) {
                    throw ApiError.validation("Invalid key " + field + " in fields");
                }
                out.add(field);
            }
        }
        return out;
    }

    private static EntryStatus status(Object value) {
        if (value == null) {
            return EntryStatus.PUBLISHED;
        }
        return switch (text("status", value)) {
            case "published" -> EntryStatus.PUBLISHED;
            case "draft" -> EntryStatus.DRAFT;
            default -> throw ApiError.validation("status must be draft or published");
        };
    }

    private static String locale(Object value, ContentTypeSchema schema, CmsConfig.Content config,
            QueryScope scope) {
        if (value == null) {
            return config.defaultLocale();
        }
        String locale = text("locale", value);
        if (!LOCALE.matcher(locale).matches()) {
            throw ApiError.validation("locale must be a locale code such as en or fr-FR");
        }
        if (!schema.localized()) {
            return config.defaultLocale();
        }
        if (locale.equalsIgnoreCase("all")) {
            throw ApiError.validation("locale=all is not supported, as in Strapi 5: list the site's locales at"
                    + " /api/i18n/locales and ask for each");
        }
        List<String> site = scope.siteLocales();
        if (!site.isEmpty() && !site.contains(locale)) {
            throw ApiError.validation("locale " + locale + " is not one of this site's locales: "
                    + String.join(", ", site) + " (cms.content.locales)");
        }
        return locale;
    }

    private static String text(String key, Object value) {
        if (!(value instanceof String s)) {
            throw ApiError.validation(key + " takes a single value");
        }
        return s;
    }

    private static Integer number(String key, String value, int min) {
        try {
            int n = Integer.parseInt(value.trim());
            if (n >= min) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw ApiError.validation(key + " must be an integer of at least " + min);
    }

    private static boolean bool(String key, String value) {
        return switch (value) {
            case "true" -> true;
            case "false" -> false;
            default -> throw ApiError.validation(key + " must be true or false");
        };
    }

    private static ApiError invalid(String key) {
        return ApiError.validation("Invalid parameter " + key);
    }
}
