package dev.quire.content;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import io.quarkus.runtime.StartupEvent;

import dev.quire.CmsConfig;
import dev.quire.storage.StartupFailure;

/**
 * The site's locales as Strapi's i18n settings list them: the default locale ({@code cms.content.default-locale}), then
 * those {@code cms.content.locales} names, in its order. Unset, the list holds the default locale alone, as a new
 * Strapi's does, though a localized type then takes any well-formed code. A malformed code in either setting stops the
 * start, naming it: a locale no request can name would otherwise be listed and never reachable.
 */
@ApplicationScoped
public class SiteLocales {

    @Inject
    CmsConfig config;

    private volatile List<String> accepted = List.of();
    private volatile List<Map<String, Object>> listed = List.of();

    /**
     * Resolves the settings once, before the storage opens (priority 100), so that a mistake in them is reported before
     * any database is touched and no request works them out again.
     */
    void onStart(@Observes @Priority(10) StartupEvent event) {
        Optional<List<String>> configured = configured(config.content());
        List<String> codes = codes(config.content().defaultLocale(), configured);
        listed = listed(codes);
        accepted = configured.isPresent() ? codes : List.of();
    }

    /**
     * The only locales a localized type is read and written in, the default one first, when {@code cms.content.locales}
     * names them; empty when it does not and any well-formed code is taken.
     */
    List<String> accepted() {
        return accepted;
    }

    /**
     * {@code cms.content.locales} with the spaces around each code taken off, as an operator writes {@code fr, de-CH};
     * empty when unset.
     */
    private static Optional<List<String>> configured(CmsConfig.Content content) {
        return content.locales().map(codes -> codes.stream().map(String::strip).filter(c -> !c.isEmpty()).toList());
    }

    /**
     * {@code GET /api/i18n/locales}'s body: one object per locale, with Strapi's {@code id}, {@code documentId},
     * {@code name}, {@code code} and {@code isDefault}. Locales are settings here rather than rows, so the
     * {@code documentId} is the code and there are no timestamps.
     */
    public List<Map<String, Object>> listed() {
        return listed;
    }

    private static List<Map<String, Object>> listed(List<String> codes) {
        List<Map<String, Object>> listed = new ArrayList<>();
        for (String code : codes) {
            Map<String, Object> locale = new LinkedHashMap<>();
            locale.put("id", listed.size() + 1);
            locale.put("documentId", code);
            locale.put("name", name(code));
            locale.put("code", code);
            locale.put("isDefault", listed.isEmpty());
            listed.add(Collections.unmodifiableMap(locale));
        }
        return List.copyOf(listed);
    }

    /**
     * The default locale, then the configured ones without repeats.
     *
     * @throws StartupFailure
     *             naming each code that is not a locale code such as {@code en} or {@code fr-FR}
     */
    static List<String> codes(String defaultLocale, Optional<List<String>> configured) {
        Set<String> codes = new LinkedHashSet<>();
        codes.add(defaultLocale);
        configured.ifPresent(codes::addAll);
        List<String> malformed = codes.stream().filter(c -> !ListQuery.LOCALE.matcher(c).matches()).toList();
        if (!malformed.isEmpty()) {
            throw new StartupFailure("cms.content.default-locale and cms.content.locales take locale codes such as en"
                    + " or fr-FR; these are not: "
                    + String.join(", ", malformed.stream().map(c -> '"' + c + '"').toList()));
        }
        return List.copyOf(codes);
    }

    /** Strapi's form, the English name with the code: "French (fr)", "German (Switzerland) (de-CH)". */
    static String name(String code) {
        String english = Locale.forLanguageTag(code).getDisplayName(Locale.ENGLISH);
        return english.isEmpty() || english.equalsIgnoreCase(code) ? code : english + " (" + code + ")";
    }
}
