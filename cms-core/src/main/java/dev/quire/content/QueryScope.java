package dev.quire.content;

import java.util.List;
import java.util.function.Function;

import dev.quire.api.ApiError;
import dev.quire.schema.ContentType;
import dev.quire.storage.spi.EntryStatus;

/**
 * What a query reaches beyond its own type: the content types relations lead to, in which locale and status their
 * entries are read, and how many relations deep a filter or populate may go.
 *
 * @param types
 *            looks up a content type by uid inside the current unit of work
 * @param locale
 *            the locale of the request, used for localized targets
 * @param status
 *            the status of the request, used for targets with draft & publish
 * @param defaultLocale
 *            the locale of targets that are not localized
 * @param siteLocales
 *            the only locales a localized type is read and written in, the default one first; empty where any
 *            well-formed code is taken ({@link SiteLocales#accepted})
 */
record QueryScope(Function<String, java.util.Optional<ContentType>> types, String locale, EntryStatus status,
        String defaultLocale, int maxRelationDepth, int maxInList, List<String> siteLocales) {

    ContentType type(String uid) {
        return types.apply(uid).orElseThrow(() -> ApiError.validation("Content type " + uid + " does not exist"));
    }

    /** This scope for a request in {@code locale} and {@code status}. */
    QueryScope withRequest(String requestLocale, EntryStatus requestStatus) {
        return new QueryScope(types, requestLocale, requestStatus, defaultLocale, maxRelationDepth, maxInList,
                siteLocales);
    }

    /** The locale and status in which entries of {@code target} are read for this request. */
    QueryScope forTarget(ContentType target) {
        return new QueryScope(types, target.schema().localized() ? locale : defaultLocale,
                target.schema().draftAndPublish() ? status : EntryStatus.PUBLISHED, defaultLocale, maxRelationDepth,
                maxInList, siteLocales);
    }
}
