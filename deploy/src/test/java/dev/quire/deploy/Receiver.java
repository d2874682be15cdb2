package dev.quire.deploy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.standardwebhooks.Webhook;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A real HTTP webhook receiver on 127.0.0.1: records every request, answers each path as told (200 by default), and can
 * be stopped and started again on the same port to play a receiver that is down.
 */
final class Receiver implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** What one path answers to its n-th request (1-based); may block to play a hanging receiver. */
    @FunctionalInterface
    interface Behaviour {

        Answer answer(int n) throws InterruptedException;
    }

    record Answer(int status, Map<String, String> headers, String body) {

        static Answer status(int status) {
            return new Answer(status, Map.of(), "");
        }
    }

    record Request(String path, Map<String, List<String>> headers, String body, Instant at) {

        String header(String name) {
            List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
            return values == null ? null : values.get(0);
        }

        String webhookId() {
            return header("webhook-id");
        }

        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("webhook body is not JSON: " + body, e);
            }
        }

        /** Verifies the request with the official Standard Webhooks library; throws when it does not verify. */
        void verify(String secret) throws Exception {
            new Webhook(secret).verify(body, headers);
        }
    }

    private final List<Request> received = new CopyOnWriteArrayList<>();
    private final Map<String, Behaviour> behaviours = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();
    private final CountDownLatch released = new CountDownLatch(1);
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private volatile HttpServer server;
    private volatile int port;

    private Receiver() {
    }

    static Receiver start() throws IOException {
        Receiver receiver = new Receiver();
        receiver.listen(0);
        return receiver;
    }

    private void listen(int onPort) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), onPort), 64);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
        port = server.getAddress().getPort();
    }

    /** Stops listening: connections are refused until {@link #resume()}. */
    void pause() {
        server.stop(0);
    }

    void resume() throws IOException {
        listen(port);
    }

    void on(String path, Behaviour behaviour) {
        behaviours.put(path, behaviour);
    }

    /** A behaviour that never answers until the receiver closes. */
    Behaviour hang() {
        return n -> {
            released.await(5, TimeUnit.MINUTES);
            return Answer.status(200);
        };
    }

    String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    List<Request> received(String path) {
        return received.stream().filter(r -> r.path().equals(path)).toList();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange; InputStream in = exchange.getRequestBody()) {
            String path = exchange.getRequestURI().getPath();
            Map<String, List<String>> headers = new TreeMap<>();
            exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), List.copyOf(v)));
            received.add(new Request(path, headers, new String(in.readAllBytes(), StandardCharsets.UTF_8),
                    Instant.now()));
            int n = counts.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
            Answer answer = behaviours.getOrDefault(path, i -> Answer.status(200)).answer(n);
            answer.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
            byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(answer.status(), body.length == 0 ? -1 : body.length);
            if (body.length > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        released.countDown();
        server.stop(0);
        executor.shutdownNow();
    }
}
