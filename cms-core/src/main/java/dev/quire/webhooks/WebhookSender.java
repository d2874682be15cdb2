package dev.quire.webhooks;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeoutException;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;

import dev.quire.CmsConfig;

/**
 * POSTs one delivery attempt with Vert.x's HTTP client, which can connect to an address that was checked beforehand
 * while still sending the URL's host in {@code Host} and in TLS SNI and verifying the certificate against it. Redirects
 * are not followed. The connect timeout and the total timeout are separate; when the total runs out the request is
 * reset.
 */
@ApplicationScoped
public class WebhookSender {

    /** How much of a response body is kept for the delivery log. */
    static final int RESPONSE_KEPT = 1024;

    @Inject
    Vertx vertx;

    @Inject
    CmsConfig config;

    private volatile HttpClient client;

    /** What came back: a status and the start of the body, or the reason there was no response. */
    public record Result(Integer status, String retryAfter, String response, String error, long latencyMillis) {

        boolean succeeded() {
            return status != null && status >= 200 && status < 300;
        }
    }

    public CompletionStage<Result> post(WebhookTargets.Target target, Map<String, String> headers, String body) {
        long started = System.nanoTime();
        CompletableFuture<Result> result = new CompletableFuture<>();
        RequestOptions options = new RequestOptions()
                .setMethod(HttpMethod.POST)
                .setServer(SocketAddress.inetSocketAddress(target.port(), target.address().getHostAddress()))
                .setHost(target.host())
                .setPort(target.port())
                .setSsl(target.https())
                .setURI(target.pathAndQuery())
                .setFollowRedirects(false)
                .setConnectTimeout(config.webhooks().connectTimeout().toMillis());
        headers.forEach(options::putHeader);
        long timeout = config.webhooks().timeout().toMillis();
        long timer = vertx.setTimer(timeout, id -> result.complete(new Result(null, null, null,
                "timed out after " + timeout + " ms", elapsed(started))));
        client().request(options).onSuccess(request -> {
            result.thenAccept(r -> {
                if (r.status() == null) {
                    request.reset(0);
                }
            });
            request.send(Buffer.buffer(body)).onSuccess(response -> read(response, started, result))
                    .onFailure(e -> result.complete(failure(e, started)));
        }).onFailure(e -> result.complete(failure(e, started)));
        return result.whenComplete((r, e) -> vertx.cancelTimer(timer));
    }

    private static void read(HttpClientResponse response, long started, CompletableFuture<Result> result) {
        Buffer kept = Buffer.buffer();
        response.handler(chunk -> {
            if (kept.length() < RESPONSE_KEPT) {
                kept.appendBuffer(chunk, 0, Math.min(chunk.length(), RESPONSE_KEPT - kept.length()));
            }
        });
        response.exceptionHandler(e -> result.complete(failure(e, started)));
        response.endHandler(v -> result.complete(new Result(response.statusCode(), response.getHeader("Retry-After"),
                kept.toString(java.nio.charset.StandardCharsets.UTF_8), null, elapsed(started))));
    }

    private static Result failure(Throwable e, long started) {
        String message = e instanceof TimeoutException
                ? "timed out"
                : e.getClass().getSimpleName()
                        + (e.getMessage() == null ? "" : ": " + e.getMessage());
        return new Result(null, null, null, message, elapsed(started));
    }

    private static long elapsed(long started) {
        return (System.nanoTime() - started) / 1_000_000;
    }

    private HttpClient client() {
        HttpClient c = client;
        if (c == null) {
            synchronized (this) {
                if (client == null) {
                    client = vertx.createHttpClient(new HttpClientOptions()
                            .setConnectTimeout((int) config.webhooks().connectTimeout().toMillis())
                            // Vert.x pools per host and port, which several webhooks may share; the dispatcher
                            // limits concurrency per webhook itself, so the pool must never be what waits.
                            .setMaxPoolSize(config.webhooks().maxConcurrency())
                            .setForceSni(true)
                            .setVerifyHost(true)
                            .setKeepAlive(true));
                }
                c = client;
            }
        }
        return c;
    }

    @PreDestroy
    void close() {
        if (client != null) {
            client.close();
        }
    }
}
