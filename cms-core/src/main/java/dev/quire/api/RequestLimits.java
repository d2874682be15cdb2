package dev.quire.api;

import java.util.Optional;

import jakarta.inject.Inject;
import jakarta.inject.Provider;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import dev.quire.CmsConfig;

/**
 * A body declared larger than {@code cms.http.max-body-size} is refused with 413 in Strapi's error shape before a byte
 * of it is read. (A chunked body without a length that grows past the limit is cut off by the HTTP layer, which is
 * configured with the same limit.)
 */
public class RequestLimits {

    /** A provider: filters are built at static init, before runtime configuration exists. */
    @Inject
    Provider<CmsConfig> config;

    @ServerRequestFilter(preMatching = true, priority = 10)
    public Optional<Response> limitBody(ContainerRequestContext request) {
        long limit = config.get().http().maxBodySize().asLongValue();
        String length = request.getHeaderString("Content-Length");
        if (length == null) {
            if (request.hasEntity()) {
                request.setEntityStream(new Bounded(request.getEntityStream(), limit));
            }
            return Optional.empty();
        }
        long declared;
        try {
            declared = Long.parseLong(length.trim());
        } catch (NumberFormatException e) {
            return Optional.of(ErrorResponses.response(ApiError.validation("Content-Length is not a number")));
        }
        if (declared > limit) {
            return Optional.of(ErrorResponses.response(tooLarge(limit)));
        }
        return Optional.empty();
    }

    private static ApiError tooLarge(long limit) {
        return ApiError.of(413, "PayloadTooLargeError", "The request body is larger than " + limit + " bytes");
    }

    /** Fails the read once more than {@code limit} bytes came through. */
    private static final class Bounded extends java.io.FilterInputStream {

        private final long limit;
        private long read;

        Bounded(java.io.InputStream in, long limit) {
            super(in);
            this.limit = limit;
        }

        @Override
        public int read() throws java.io.IOException {
            int b = super.read();
            count(b < 0 ? 0 : 1);
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws java.io.IOException {
            int n = super.read(buffer, offset, length);
            count(Math.max(0, n));
            return n;
        }

        private void count(int n) {
            read += n;
            if (read > limit) {
                throw tooLarge(limit);
            }
        }
    }
}
