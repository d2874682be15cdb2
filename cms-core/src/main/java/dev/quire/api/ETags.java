package dev.quire.api;

import java.util.List;

/** Version tags for optimistic concurrency: a resource at version 7 has the ETag {@code "v7"}. */
public final class ETags {

    private ETags() {
    }

    public static String of(long version) {
        return "v" + version;
    }

    /**
     * The version an {@code If-Match} header asks for, or null when there is none (or it is {@code *}).
     *
     * @throws ApiError
     *             400 when the header is not a tag this API issued
     */
    public static Long expectedVersion(String ifMatch) {
        if (ifMatch == null || ifMatch.isBlank() || ifMatch.trim().equals("*")) {
            return null;
        }
        String tag = ifMatch.trim().replace("W/", "").replace("\"", "");
        if (!tag.matches("v[0-9]{1,18}")) {
            throw ApiError.validation(List.of(ApiError.Problem.at("If-Match", "If-Match must be an ETag of this API")));
        }
        return Long.parseLong(tag.substring(1));
    }
}
