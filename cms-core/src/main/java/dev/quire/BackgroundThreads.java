package dev.quire;

import java.util.concurrent.ThreadFactory;

import dev.quire.storage.jdbc.JdbcStatistics;

/** Threads for Quire's own background work (webhook dispatch, jobs): daemons, left out of per-request statistics. */
public final class BackgroundThreads {

    private BackgroundThreads() {
    }

    public static ThreadFactory named(String name) {
        return r -> {
            Thread t = new Thread(() -> {
                JdbcStatistics.backgroundThread();
                r.run();
            }, name);
            t.setDaemon(true);
            return t;
        };
    }
}
