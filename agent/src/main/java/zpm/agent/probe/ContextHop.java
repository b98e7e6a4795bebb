package zpm.agent.probe;

import io.vertx.core.Context;
import io.vertx.core.Vertx;

/**
 * Puts work on the probes' context: all probe state is touched there only, and every fact reaches
 * the core there. Completions of HTTP requests may arrive on a duplicate of the context (same
 * event loop, but not {@code ==}); those are re-posted to the context itself.
 */
final class ContextHop {

    private final Context context;

    ContextHop(Context context) {
        this.context = context;
    }

    Context context() {
        return context;
    }

    boolean onContext() {
        return Vertx.currentContext() == context;
    }

    /** Runs now when already on the context, otherwise as soon as the context gets to it. */
    void run(Runnable task) {
        if (onContext()) {
            task.run();
        } else {
            context.runOnContext(v -> task.run());
        }
    }

    /** Always on a later turn: for callbacks that must not re-enter the caller (the core). */
    void later(Runnable task) {
        context.runOnContext(v -> task.run());
    }
}
