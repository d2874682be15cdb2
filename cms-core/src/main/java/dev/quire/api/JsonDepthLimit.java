package dev.quire.api;

import java.io.IOException;

import jakarta.inject.Inject;
import jakarta.ws.rs.ext.ReaderInterceptor;
import jakarta.ws.rs.ext.ReaderInterceptorContext;

import com.fasterxml.jackson.databind.JsonNode;

import dev.quire.CmsConfig;

/**
 * A JSON body nested deeper than {@code cms.http.max-json-depth} is a 400. (Jackson's own limit of 1000 levels protects
 * the parser; this one keeps documents to a depth that content can sensibly have.)
 */
@jakarta.ws.rs.ext.Provider
public class JsonDepthLimit implements ReaderInterceptor {

    @Inject
    jakarta.inject.Provider<CmsConfig> config;

    @Override
    public Object aroundReadFrom(ReaderInterceptorContext context) throws IOException {
        Object body = context.proceed();
        if (body instanceof JsonNode node) {
            int max = config.get().http().maxJsonDepth();
            if (depth(node, 0, max) > max) {
                throw ApiError.validation("The request body is nested more than " + max + " levels deep");
            }
        }
        return body;
    }

    /** The nesting depth of {@code node}, counting stops once past {@code max}. */
    private static int depth(JsonNode node, int level, int max) {
        if (!node.isContainerNode() || level > max) {
            return level;
        }
        int deepest = level + 1;
        for (JsonNode child : node) {
            deepest = Math.max(deepest, depth(child, level + 1, max));
            if (deepest > max) {
                break;
            }
        }
        return deepest;
    }
}
