package dev.quire.content;

import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * {@code GET /api/i18n/locales}, Strapi's list of a site's locales, which front-ends read to offer a language switch. A
 * bare JSON array, as Strapi answers it. Open to anyone: Strapi asks for a permission here, but the same list is in the
 * 400 that any request naming another locale gets.
 */
@Path("/api/i18n/locales")
@Produces(MediaType.APPLICATION_JSON)
public class LocalesResource {

    @Inject
    SiteLocales locales;

    @GET
    public List<Map<String, Object>> list() {
        return locales.listed();
    }
}
