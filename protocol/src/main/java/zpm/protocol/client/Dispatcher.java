package zpm.protocol.client;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;

/**
 * The one thread that runs a client's listeners, in submission order, so that neither a slow
 * nor a throwing listener can stall or kill the reader thread.
 */
final class Dispatcher {

    private final ExecutorService executor;

    Dispatcher(String name) {
        this.executor = Executors.newSingleThreadExecutor(daemon(name));
    }

    /** @return false when the dispatcher is shut down (the client is closed) and the task will not run */
    boolean run(Runnable task) {
        try {
            executor.execute(() -> guarded(task));
            return true;
        } catch (RejectedExecutionException e) {
            // Shut down: the client is closed and delivers nothing more.
            return false;
        }
    }

    /** Runs {@code task} on the calling thread; a listener's exception is reported, not thrown. */
    static void guarded(Runnable task) {
        try {
            task.run();
        } catch (RuntimeException e) {
            // A listener's bug must not end the dispatch thread, nor starve the other listeners.
            Thread t = Thread.currentThread();
            t.getUncaughtExceptionHandler().uncaughtException(t, e);
        }
    }

    /** Runs what is already queued (e.g. the CLOSED state change), then ends the thread. */
    void shutdown() {
        executor.shutdown();
    }

    static ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }
}
