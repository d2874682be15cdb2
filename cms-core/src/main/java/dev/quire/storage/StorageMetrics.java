package dev.quire.storage;

import java.util.function.ToDoubleFunction;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;

import dev.quire.storage.spi.Storage;
import dev.quire.storage.spi.Storage.StorageStatus;
import dev.quire.storage.spi.Storage.WriteQueueStatus;

/**
 * Storage figures on {@code /q/metrics}: pool use, database and WAL size, and on SQLite the write queue (depth, time
 * spent waiting to begin, writes, batches, busy events, refused writes). Read from {@link Storage#status()} at most
 * once a second, whatever the number of meters scraped.
 */
@ApplicationScoped
public class StorageMetrics {

    private static final long CACHE_NANOS = 1_000_000_000L;

    @Inject
    Storage storage;

    @Inject
    MeterRegistry registry;

    private volatile StorageStatus cached;
    private volatile long cachedAt;

    void register(@Observes StartupEvent startup) {
        gauge("quire.storage.pool.active", "Connections in use", s -> s.pool().active());
        gauge("quire.storage.pool.max", "Most connections the pool opens", s -> s.pool().max());
        gauge("quire.storage.pool.awaiting", "Requests waiting for a connection", s -> s.pool().awaiting());
        gauge("quire.storage.database.bytes", "Size of the database", StorageStatus::databaseBytes);
        if (storage.capabilities().supportsConcurrentWriters()) {
            return;
        }
        gauge("quire.storage.wal.bytes", "Size of the SQLite write-ahead log",
                s -> s.walBytes() == null ? 0 : s.walBytes());
        gauge("quire.sqlite.write.queue.depth", "Writes waiting for the SQLite writer", s -> queue(s).depth());
        gauge("quire.sqlite.write.queue.oldest.wait.seconds", "How long the oldest queued write has waited",
                s -> queue(s).oldestWait().toNanos() / 1e9);
        counter("quire.sqlite.write.wait.seconds", "Time writes spent waiting to begin",
                s -> queue(s).totalWait().toNanos() / 1e9);
        counter("quire.sqlite.writes", "Writes run by the SQLite writer", s -> queue(s).writes());
        counter("quire.sqlite.write.batches", "Transactions committed by the SQLite writer (group commits)",
                s -> queue(s).batches());
        counter("quire.sqlite.busy", "Write transactions that found the file locked by another process",
                s -> queue(s).busyEvents());
        counter("quire.sqlite.write.refused", "Writes refused with 503 because they could not begin in time",
                s -> queue(s).startTimeouts());
    }

    private static WriteQueueStatus queue(StorageStatus s) {
        return s.writeQueue();
    }

    private void gauge(String name, String description, ToDoubleFunction<StorageStatus> value) {
        Gauge.builder(name, this, m -> m.read(value)).description(description).register(registry);
    }

    private void counter(String name, String description, ToDoubleFunction<StorageStatus> value) {
        FunctionCounter.builder(name, this, m -> m.read(value)).description(description).register(registry);
    }

    private double read(ToDoubleFunction<StorageStatus> value) {
        try {
            StorageStatus status = cached;
            long now = System.nanoTime();
            if (status == null || now - cachedAt > CACHE_NANOS) {
                status = storage.status();
                cached = status;
                cachedAt = now;
            }
            return value.applyAsDouble(status);
        } catch (RuntimeException e) {
            return Double.NaN;
        }
    }
}
