package zpm.agent.local;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import zpm.agent.core.AppSpec;
import zpm.agent.vertx.ContextHop;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Dev mode: a change under an app's {@code watch} paths restarts the app, once its files have been
 * quiet for {@link #DEBOUNCE_MS} (an editor saving several files at once is one restart). The
 * paths are watched on the {@code zpm-watch} thread; the debounce timers live on the
 * supervisor's context.
 */
final class DevRestarts implements AutoCloseable {

    static final long DEBOUNCE_MS = 300;

    private static final Logger log = LoggerFactory.getLogger(DevRestarts.class);

    private final Vertx vertx;
    private final ContextHop hop;
    /** Rolling restart of one app; the outcome is only logged. */
    private final Function<String, Future<?>> restart;
    private final AppWatcher watcher = new AppWatcher(this::changed);
    /** Debounce timer per app, touched on the context only. */
    private final Map<String, Long> pending = new HashMap<>();

    DevRestarts(Vertx vertx, ContextHop hop, Function<String, Future<?>> restart) {
        this.vertx = vertx;
        this.hop = hop;
        this.restart = restart;
    }

    /** Blocking (walks directories): watches the app's paths, if it has any. */
    void watchBlocking(AppSpec app) throws IOException {
        if (!app.watch().isEmpty()) {
            watcher.watch(app.name(), app.watch());
        }
    }

    void unwatch(String app) {
        watcher.unwatch(app);
    }

    /** Called on the zpm-watch thread for every change. */
    private void changed(String app, Path path) {
        hop.later(() -> {
            Long timer = pending.remove(app);
            if (timer != null) {
                vertx.cancelTimer(timer);
            } else {
                log.info("app={} watched path changed: {} (restarting once changes settle)", app, path);
            }
            pending.put(app, vertx.setTimer(DEBOUNCE_MS, t -> {
                pending.remove(app);
                restart.apply(app).onComplete(ar -> log.info("app={} restarted after a change: {}", app,
                        ar.succeeded() ? ar.result() : ar.cause().toString()));
            }));
        });
    }

    @Override
    public void close() throws IOException {
        watcher.close();
    }
}
