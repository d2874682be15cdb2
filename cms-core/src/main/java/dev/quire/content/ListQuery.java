package dev.quire.content;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.quire.CmsConfig;
import dev.quire.api.ApiError;
import dev.quire.api.ApiError.Problem;
import dev.quire.schema.Attribute;
import dev.quire.schema.AttributeType;
import dev.quire.schema.ContentTypeSchema;
import dev.quire.storage.spi.SortKey;

/**
 * The list parameters of Strapi 5's REST API that Quire understands: {@code pagination[page|pageSize]} or
 * {@code pagination[start|limit]} (not both), {@code pagination[withCount]}, {@code sort} in its string, list and
 * indexed forms, and {@code locale}. Any other parameter is a 400: silently ignoring a filter would return wrong data.
 */
public record ListQuery(boolean offsetStyle, long offset, int limit, int page, boolean withCount, List<SortKey> sort,
        String locale) {

    private static final Pattern SORT_INDEXED = Pattern.compile("sort\\[(\\d{1,3})]");
    private static final Pattern LOCALE = Pattern.compile("[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8}){0,3}");

    public static ListQuery parse(Map<String, List<String>> params, ContentTypeSchema schema,
            CmsConfig.Content config) {
        List<Problem> problems = new ArrayList<>();
        Integer page = null, pageSize = null, start = null, limit = null;
        boolean withCount = true;
        List<String> sortSpecs = new ArrayList<>();
        String locale = null;
        for (Map.Entry<String, List<String>> p : params.entrySet()) {
            String key = p.getKey();
            String value = p.getValue().isEmpty() ? "" : p.getValue().get(p.getValue().size() - 1);
            switch (key) {
                case "pagination[page]" -> page = number(key, value, 1, problems);
                case "pagination[pageSize]" -> pageSize = number(key, value, 1, problems);
                case "pagination[start]" -> start = number(key, value, 0, problems);
                case "pagination[limit]" -> limit = "-1".equals(value)
                        ? config.maxPageSize()
                        : number(key, value, 1, problems);
                case "pagination[withCount]" -> withCount = bool(key, value, problems);
                case "sort", "sort[]" -> p.getValue().forEach(v -> sortSpecs.addAll(List.of(v.split(","))));
                case "locale" -> locale = locale(value, problems);
                default -> {
                    if (SORT_INDEXED.matcher(key).matches()) {
                        sortSpecs.add(value);
                    } else {
                        problems.add(new Problem(List.of(key), "Invalid parameter " + key));
                    }
                }
            }
        }
        if ((page != null || pageSize != null) && (start != null || limit != null)) {
            problems.add(new Problem(List.of("pagination"),
                    "Use either page and pageSize or start and limit, not both"));
        }
        List<SortKey> sort = sort(sortSpecs, schema, problems);
        if (!problems.isEmpty()) {
            throw ApiError.validation(problems);
        }
        if (!schema.localized() || locale == null) {
            locale = config.defaultLocale();
        }
        if (start != null || limit != null) {
            int size = Math.min(limit != null ? limit : config.defaultPageSize(), config.maxPageSize());
            return new ListQuery(true, start != null ? start : 0, size, 0, withCount, sort, locale);
        }
        int size = Math.min(pageSize != null ? pageSize : config.defaultPageSize(), config.maxPageSize());
        int p = page != null ? page : 1;
        return new ListQuery(false, (long) (p - 1) * size, size, p, withCount, sort, locale);
    }

    /** The locale of a single-entry request: {@code locale} if the type is localized, else the default. */
    public static String locale(Map<String, List<String>> params, ContentTypeSchema schema, CmsConfig.Content config) {
        List<String> values = params.get("locale");
        if (!schema.localized() || values == null || values.isEmpty()) {
            return config.defaultLocale();
        }
        List<Problem> problems = new ArrayList<>();
        String locale = locale(values.get(values.size() - 1), problems);
        if (!problems.isEmpty()) {
            throw ApiError.validation(problems);
        }
        return locale;
    }

    private static List<SortKey> sort(List<String> specs, ContentTypeSchema schema, List<Problem> problems) {
        List<SortKey> out = new ArrayList<>();
        for (String raw : specs) {
            String spec = raw.trim();
            if (spec.isEmpty()) {
                continue;
            }
            Matcher m = Pattern.compile("([A-Za-z][A-Za-z0-9_]{0,63})(?::(asc|desc))?", Pattern.CASE_INSENSITIVE)
                    .matcher(spec);
            if (!m.matches()) {
                problems.add(new Problem(List.of("sort"), "Invalid sort " + spec));
                continue;
            }
            String field = m.group(1);
            boolean descending = m.group(2) != null && m.group(2).toLowerCase(Locale.ROOT).equals("desc");
            if (SortKey.SystemField.isSystem(field)) {
                out.add(new SortKey(field, SortKey.ValueType.TEXT, descending));
                continue;
            }
            Attribute a = schema.attributes().get(field);
            if (a == null || a.privateField() || a.type() == AttributeType.JSON) {
                problems.add(new Problem(List.of("sort"), "Invalid key " + field + " in sort"));
                continue;
            }
            out.add(new SortKey(field, a.type().valueType(), descending));
        }
        return out;
    }

    private static Integer number(String key, String value, int min, List<Problem> problems) {
        try {
            int n = Integer.parseInt(value.trim());
            if (n >= min) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        problems.add(new Problem(List.of(key), key + " must be an integer of at least " + min));
        return null;
    }

    private static boolean bool(String key, String value, List<Problem> problems) {
        if (!value.equals("true") && !value.equals("false")) {
            problems.add(new Problem(List.of(key), key + " must be true or false"));
        }
        return !value.equals("false");
    }

    private static String locale(String value, List<Problem> problems) {
        if (!LOCALE.matcher(value).matches()) {
            problems.add(new Problem(List.of("locale"), "locale must be a locale code such as en or fr-FR"));
            return null;
        }
        return value;
    }
}
