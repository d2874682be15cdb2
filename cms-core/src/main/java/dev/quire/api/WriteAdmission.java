package dev.quire.api;

import java.time.Duration;
import java.util.Optional;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.RequestScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Provider;
import jakarta.inject.Singleton;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Context;

import dev.quire.CmsConfig;

/**
 * Reads first ({@link ReadsFirst}): each request that passed authentication is counted as a read (GET, HEAD, OPTIONS)
 * or waits for its turn as a write (any other method) before its body is parsed, and ends with the request; only a
 * small body ({@link SmallBodies}) has been read by then. A write whose turn does not come within
 * {@code cms.http.write-wait} gets 503 with {@code Retry-After}, before any of it ran.
 */
public class WriteAdmission {

    /** A provider: filters are built at static init, before runtime configuration exists. */
    @Inject
    Provider<Gate> gate;

    @Inject
    Provider<Turn> turn;

    /** After {@code BearerAuthentication}'s filters (priority 5000), so only authenticated writes wait. */
    @ServerRequestFilter(priority = 6000)
    public Optional<Response> admit(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        if (path.startsWith("/q/") || Context.isOnEventLoopThread()) {
            return Optional.empty();
        }
        String method = request.getMethod();
        Gate g = gate.get();
        if (method.equals("GET") || method.equals("HEAD") || method.equals("OPTIONS")) {
            turn.get().read(g.readsFirst());
            return Optional.empty();
        }
        if (!g.readsFirst().startWrite(g.waitNanos())) {
            return Optional.of(ErrorResponses.busy("The server is busy; retry shortly. Nothing was written.",
                    Duration.ofSeconds(1)));
        }
        turn.get().write(g.readsFirst());
        return Optional.empty();
    }

    /** The instance's one gate, its options and its figures on {@code /q/metrics}. */
    @Singleton
    public static class Gate {

        /** Longer than the moment between one read's end and the next one's start under load (a few ms). */
        static final Duration RECENT = Duration.ofMillis(100);

        private final ReadsFirst gate;
        private final long waitNanos;

        @Inject
        Gate(CmsConfig config) {
            this.gate = new ReadsFirst(config.http().writesWhileReading(), RECENT, System::nanoTime);
            this.waitNanos = config.http().writeWait().toNanos();
        }

        ReadsFirst readsFirst() {
            return gate;
        }

        long waitNanos() {
            return waitNanos;
        }

        void register(@Observes StartupEvent startup, MeterRegistry registry) {
            Gauge.builder("quire.http.writes.waiting", gate, ReadsFirst::waiting)
                    .description("Write requests waiting for their turn while reads are in progress")
                    .register(registry);
            Gauge.builder("quire.http.writes.running", gate, ReadsFirst::writes)
                    .description("Write requests being handled").register(registry);
            Gauge.builder("quire.http.reads.running", gate, ReadsFirst::reads)
                    .description("Read requests being handled").register(registry);
            FunctionCounter.builder("quire.http.writes.wait.seconds", gate, g -> g.waitNanos() / 1e9)
                    .description("Time write requests spent waiting for their turn").register(registry);
            FunctionCounter.builder("quire.http.writes.refused", gate, ReadsFirst::refused)
                    .description("Write requests refused with 503 because their turn did not come in time")
                    .register(registry);
        }
    }

    /** What the current request holds, given back when the request ends however it ends. */
    @RequestScoped
    public static class Turn {

        private ReadsFirst gate;
        private boolean write;

        void read(ReadsFirst g) {
            g.readStarted();
            this.gate = g;
            this.write = false;
        }

        void write(ReadsFirst g) {
            this.gate = g;
            this.write = true;
        }

        @PreDestroy
        void end() {
            if (gate == null) {
                return;
            }
            if (write) {
                gate.writeEnded();
            } else {
                gate.readEnded();
            }
            gate = null;
        }
    }
}
