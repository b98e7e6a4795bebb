package zpm.agent.local;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import zpm.agent.core.Supervisor;
import zpm.agent.logfiles.LogWriter;

import java.io.IOException;

/**
 * How an agent ends, in the reverse order of its start. Graceful: every worker is stopped within
 * its kill timeout, the workers' control channel closes, the file watches, the launcher and the
 * pid registry close off the event loop, the supervisor is undeployed, and Vert.x is closed when
 * the agent created it. Hard: SIGKILL to every worker's tree at once, from the calling thread.
 */
final class QuitSequence {

    private static final Logger log = LoggerFactory.getLogger(QuitSequence.class);

    private final Vertx vertx;
    private final boolean ownsVertx;
    private final SupervisorVerticle verticle;
    /** The workers' control channel, or null when it could not open. */
    private final ControlServer control;
    private final DevRestarts dev;
    private final AutoCloseable stateDirLock;
    /** Closed once no worker is left to write to it; null when files are off. */
    private final LogWriter logFiles;
    private Future<Void> quitting;

    QuitSequence(Vertx vertx, boolean ownsVertx, SupervisorVerticle verticle, ControlServer control,
                 DevRestarts dev, AutoCloseable stateDirLock, LogWriter logFiles) {
        this.stateDirLock = stateDirLock;
        this.logFiles = logFiles;
        this.vertx = vertx;
        this.ownsVertx = ownsVertx;
        this.verticle = verticle;
        this.control = control;
        this.dev = dev;
    }

    /** Graceful quit. Idempotent: every call gets the same future. */
    synchronized Future<Void> quit() {
        if (quitting == null) {
            quitting = verticle.callAsync(Supervisor::quit)
                    .compose(v -> control == null ? Future.<Void>succeededFuture() : control.close())
                    .compose(v -> vertx.executeBlocking(() -> {
                        try {
                            closeOsBlocking();
                        } finally {
                            stateDirLock.close(); // last: pids.json is written, the next agent may take over
                        }
                        return null;
                    }))
                    .compose(v -> vertx.undeploy(verticle.deploymentID()))
                    .compose(v -> ownsVertx ? vertx.close() : Future.<Void>succeededFuture());
        }
        return quitting;
    }

    /** Hard quit; the caller exits next. */
    void hardQuit() {
        try {
            closeOsBlocking();
        } catch (RuntimeException e) {
            log.warn("hard quit: {}", e.toString());
        }
    }

    private void closeOsBlocking() {
        try {
            dev.close();
        } catch (IOException e) {
            log.debug("closing the watch service: {}", e.toString());
        }
        verticle.closeOsBlocking();
        if (logFiles != null) {
            logFiles.close(); // after the launcher: the last lines of the last workers are written
        }
    }
}
