package dev.quire.api;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import dev.quire.CmsConfig;

/**
 * Reads a small JSON request body on the I/O thread, before the request goes to a worker thread. Otherwise the worker
 * runs authentication and admission, then asks the I/O thread for the body and waits for it to arrive and end: two
 * hand-offs between threads for every write, which a CPU profile of creates at 32 connections put at a sixth of the
 * workers' time. Read ahead, the body is in memory when the worker wants it (RESTEasy Reactive reads a body Vert.x
 * already holds), and a body that trickles in holds no worker thread while it does.
 * <p>
 * Only the body of a POST, PUT or PATCH that declares its {@code Content-Length}, at most {@link #LIMIT} bytes and
 * within {@code cms.http.max-body-size}, is read ahead, and only without an {@code Expect} header: an entry, an admin
 * edit. A larger body, a chunked one, or one whose client waits for {@code 100 Continue} is read as before, by the
 * worker, after authentication and the write's turn; so neither a caller without credentials nor the writes waiting for
 * their turn make the server hold more than {@link #LIMIT} bytes of body per connection. HTTP/2 bodies are read as
 * before too: Quarkus REST pauses the request when it takes it over, and Vert.x refuses to pause an HTTP/2 request that
 * has ended.
 */
@ApplicationScoped
public class SmallBodies {

    /** The most a body read ahead may declare. */
    public static final int LIMIT = 16 * 1024;

    private static final Logger LOG = Logger.getLogger(SmallBodies.class);

    @Inject
    CmsConfig config;

    void register(@Observes Router router) {
        long limit = Math.min(LIMIT, config.http().maxBodySize().asLongValue());
        router.route().method(HttpMethod.POST).method(HttpMethod.PUT).method(HttpMethod.PATCH)
                .order(RouteConstants.ROUTE_ORDER_BEFORE_DEFAULT).handler(context -> readAhead(context, limit));
    }

    static void readAhead(RoutingContext context, long limit) {
        HttpServerRequest request = context.request();
        long length = declaredLength(request.getHeader(HttpHeaders.CONTENT_LENGTH));
        if (length <= 0 || length > limit || request.version() == HttpVersion.HTTP_2 || request.isEnded()
                || request.headers().contains(HttpHeaders.EXPECT)
                || request.headers().contains(HttpHeaders.TRANSFER_ENCODING)
                || !isJson(request.getHeader(HttpHeaders.CONTENT_TYPE))) {
            context.next();
            return;
        }
        Buffer body = Buffer.buffer((int) length);
        request.handler(body::appendBuffer);
        request.exceptionHandler(
                e -> LOG.debugf("client closed the connection before its request body arrived: %s", e));
        request.endHandler(end -> {
            request.exceptionHandler(null);
            context.setBody(body);
            context.next();
        });
        request.resume();
    }

    /** The declared length, or -1 when there is none or it is not a plain decimal number. */
    static long declaredLength(String header) {
        if (header == null || header.isEmpty() || header.length() > 18) {
            return -1;
        }
        for (int i = 0; i < header.length(); i++) {
            if (header.charAt(i) < '0' || header.charAt(i) > '9') {
                return -1;
            }
        }
        return Long.parseLong(header);
    }

    static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        int end = contentType.indexOf(';');
        String type = (end < 0 ? contentType : contentType.substring(0, end)).trim();
        return type.equalsIgnoreCase("application/json") || type.regionMatches(true, type.length() - 5, "+json", 0, 5);
    }
}
