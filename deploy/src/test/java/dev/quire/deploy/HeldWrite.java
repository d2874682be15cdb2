package dev.quire.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import dev.quire.storage.spi.Storage;
import dev.quire.storage.spi.Storage.UnitOfWork;

/**
 * A write that has done its work and keeps its transaction open (on SQLite, the writer) until released, so that a test
 * can send a request that has to wait behind it: what a client meets when its request arrives while another write, say
 * a deletion, is under way.
 */
final class HeldWrite<T> implements AutoCloseable {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private final CountDownLatch done = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final Future<T> result;

    private HeldWrite(Storage storage, UnitOfWork<T> work) {
        result = threads.submit(() -> storage.write(s -> {
            T value = work.run(s);
            done.countDown();
            await().atMost(WAIT).until(() -> release.getCount() == 0);
            return value;
        }));
    }

    /** Starts {@code work} in a write of its own and returns once it is done and holding. */
    static <T> HeldWrite<T> hold(Storage storage, UnitOfWork<T> work) throws InterruptedException {
        HeldWrite<T> held = new HeldWrite<>(storage, work);
        assertThat(held.done.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        return held;
    }

    /** Sends {@code request} from another thread and checks that it is still waiting 300 ms later. */
    <R> Future<R> behind(Callable<R> request) {
        Future<R> answer = threads.submit(request);
        await().during(Duration.ofMillis(300)).atMost(WAIT).until(() -> !answer.isDone());
        return answer;
    }

    /** Commits the held write and returns what its work returned. */
    T release() throws Exception {
        release.countDown();
        return result.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        release.countDown();
        threads.shutdown();
    }
}
