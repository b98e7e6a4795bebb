package zpm.agent.vertx;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * The one way the agent puts work on a Vert.x context: state that a context owns (the supervisor
 * core, the probes, a client session) is touched there only. Being "on the context" means
 * {@code Vertx.currentContext() == context}: completions of HTTP requests arrive on a duplicate
 * of the context (same event loop, but not {@code ==}), and their work is re-posted to the
 * context itself.
 */
public final class ContextHop {

    private final Context context;

    public ContextHop(Context context) {
        this.context = context;
    }

    public Context context() {
        return context;
    }

    public boolean onContext() {
        return Vertx.currentContext() == context;
    }

    /** Runs now when already on the context, otherwise as soon as the context gets to it. */
    public void run(Runnable task) {
        if (onContext()) {
            task.run();
        } else {
            later(task);
        }
    }

    /** Always on a later turn: for callbacks that must not re-enter their caller (the core). */
    public void later(Runnable task) {
        context.runOnContext(v -> task.run());
    }

    /**
     * The value of {@code op}, computed on a later turn of the context. A throw fails the future,
     * an {@code Error} too: a future left pending would hang whoever waits for it (a quit, for one).
     */
    public <T> Future<T> call(Supplier<T> op) {
        Promise<T> p = Promise.promise();
        later(() -> {
            try {
                p.complete(op.get());
            } catch (RuntimeException | Error e) {
                p.fail(e);
            }
        });
        return p.future();
    }

    /** As {@link #call}, for an operation on the context that completes later. */
    public <T> Future<T> callAsync(Supplier<? extends CompletionStage<T>> op) {
        Promise<T> p = Promise.promise();
        later(() -> {
            try {
                op.get().whenComplete((r, e) -> {
                    if (e != null) {
                        p.fail(e);
                    } else {
                        p.complete(r);
                    }
                });
            } catch (RuntimeException | Error e) {
                p.fail(e);
            }
        });
        return p.future();
    }

    /** The same outcome, delivered on the context (at once when it completes there). */
    public <T> Future<T> back(Future<T> f) {
        Promise<T> p = Promise.promise();
        f.onComplete(ar -> run(() -> p.handle(ar)));
        return p.future();
    }
}
