package zpm.agent.local;

import io.vertx.core.Vertx;
import zpm.agent.core.Scheduler;

/** The core's timers as Vert.x timers: created on the supervisor's context, they fire there. */
final class VertxScheduler implements Scheduler {

    private final Vertx vertx;

    VertxScheduler(Vertx vertx) {
        this.vertx = vertx;
    }

    @Override
    public Timer schedule(long delayMs, Runnable task) {
        long id = vertx.setTimer(Math.max(1, delayMs), t -> task.run());
        return () -> vertx.cancelTimer(id);
    }
}
