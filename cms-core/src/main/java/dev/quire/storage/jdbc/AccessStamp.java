package dev.quire.storage.jdbc;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import dev.quire.storage.spi.AccessWatch;

/**
 * The stamp of an {@link AccessWatch} whose source of changes confirms itself from time to time (a listening
 * connection's heartbeat, a poll): live until {@code window} after the last confirmation, moved by every change, and
 * started from a new value whenever it becomes live again, so that nothing cached before a gap is ever used after it.
 */
public final class AccessStamp {

    private final long windowNanos;
    private final AtomicLong generations = new AtomicLong();
    private final AtomicLong stamp = new AtomicLong(AccessWatch.NOT_LIVE);
    private volatile long confirmedUntil;

    public AccessStamp(Duration window) {
        this.windowNanos = window.toNanos();
    }

    /** The current stamp, or {@link AccessWatch#NOT_LIVE} when not confirmed within the window. */
    public long get() {
        long current = stamp.get();
        if (current != AccessWatch.NOT_LIVE && System.nanoTime() - confirmedUntil > 0) {
            stamp.compareAndSet(current, AccessWatch.NOT_LIVE);
            return AccessWatch.NOT_LIVE;
        }
        return current;
    }

    /** Something changed: drop what was cached before, unless nothing may be cached now anyway. */
    public void changed() {
        stamp.updateAndGet(current -> current == AccessWatch.NOT_LIVE
                ? AccessWatch.NOT_LIVE
                : generations.incrementAndGet());
    }

    /**
     * Every change committed before {@code sentAt} (a {@link System#nanoTime()}) has been heard of: live until the
     * window after it, from a new stamp if it was not live.
     */
    public void confirmed(long sentAt) {
        confirmedUntil = sentAt + windowNanos;
        if (stamp.get() == AccessWatch.NOT_LIVE) {
            stamp.compareAndSet(AccessWatch.NOT_LIVE, generations.incrementAndGet());
        }
    }

    /** Changes may be missed from now on: nothing may be cached until the next confirmation. */
    public void lost() {
        stamp.set(AccessWatch.NOT_LIVE);
    }
}
