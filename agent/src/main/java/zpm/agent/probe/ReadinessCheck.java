package zpm.agent.probe;

import io.vertx.core.Future;

/**
 * One kind of readiness check for one worker. {@link #attempt} is called on the probes' context,
 * never while a previous attempt of the same check is in flight; a failed future counts as an
 * unusual failure.
 */
@FunctionalInterface
interface ReadinessCheck {

    Future<CheckResult> attempt();

    /** Stops whatever the attempt in flight holds (a child process, say). Called on the context. */
    default void abort() {
    }
}
