package zpm.agent.app;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import zpm.agent.config.ClusterSettings;
import zpm.agent.fleet.Fleet;
import zpm.agent.fleet.FleetLink;
import zpm.agent.fleet.FleetLoader;
import zpm.agent.fleet.FleetStarter;
import zpm.agent.fleet.LocalNode;
import zpm.agent.fleet.NodeNameTaken;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/**
 * Joins the fleet in the background, once the agent serves: supervision and the RPC servers never
 * wait for it. A join that fails is retried with backoff while the agent goes on alone; a node
 * name already in the fleet is fatal (the operator must choose another), like a taken port. A
 * fleet that loses this node's own membership later (Hazelcast shut its member down) is dropped
 * and joined again the same way.
 */
final class FleetJoin {

    private static final Logger log = LoggerFactory.getLogger(FleetJoin.class);
    static final long FIRST_RETRY_MS = 1_000;
    static final long MAX_RETRY_MS = 30_000;
    /** How long a quit waits for the fleet to close before it goes on. */
    static final long CLOSE_WAIT_MS = 10_000;

    private final Vertx vertx;
    private final ClusterSettings cluster;
    private final LocalNode node;
    private final FleetLink link;
    private final List<Path> jars;
    private final Consumer<String> fatal;
    // Attempts run one after the other, each on other threads: volatile for the next one to see.
    private volatile FleetStarter starter;
    private volatile long retryMs = FIRST_RETRY_MS;
    private volatile boolean closed;

    /**
     * @param jars  the cluster jars, checked at start ({@link FleetLoader#jarsBlocking()})
     * @param fatal quits the agent with a non-zero exit, given the reason
     */
    FleetJoin(Vertx vertx, ClusterSettings cluster, LocalNode node, FleetLink link, List<Path> jars,
              Consumer<String> fatal) {
        this.vertx = vertx;
        this.cluster = cluster;
        this.node = node;
        this.link = link;
        this.jars = jars;
        this.fatal = fatal;
    }

    /** The banner's line: who this node is, where it listens, whom it joins. */
    static String bannerLine(String node, ClusterSettings cluster) {
        return "fleet: node " + node + ", member " + cluster.member() + ", joining "
                + (cluster.join().isEmpty() ? "no one (others join this node)"
                : String.join(",", cluster.join().stream().map(Object::toString).toList()))
                + (cluster.tls() == null ? "" : ", event bus TLS");
    }

    /** Starts the first attempt; returns at once. */
    void start() {
        attempt();
    }

    private void attempt() {
        if (closed) {
            return;
        }
        startBlockingOffLoop().onComplete(ar -> {
            if (ar.succeeded()) {
                joined(ar.result());
            } else {
                failed(ar.cause());
            }
        });
    }

    /**
     * Loading the cluster classes and building a clustered Vert.x take seconds of class loading:
     * on a thread of their own, so neither an event loop nor the agent's small worker pool waits.
     */
    private Future<Fleet> startBlockingOffLoop() {
        Promise<Fleet> started = Promise.promise();
        Thread t = new Thread(() -> {
            try {
                if (starter == null) {
                    starter = FleetLoader.loadBlocking(jars);
                }
                starter.start(cluster, node).onComplete(started::handle);
            } catch (RuntimeException | LinkageError e) {
                started.fail(e);
            }
        }, "zpm-fleet-join");
        t.setDaemon(true);
        t.start();
        return started.future();
    }

    private void joined(Fleet fleet) {
        if (closed) {
            fleet.close(); // the agent quit while joining
            return;
        }
        java.util.concurrent.atomic.AtomicBoolean lost = new java.util.concurrent.atomic.AtomicBoolean();
        fleet.onNodes(change -> {
            if (!change.joined() && change.node() != null && change.node().self() && lost.compareAndSet(false, true)) {
                vertx.runOnContext(v -> lost(fleet, change.reason()));
            }
        });
        link.use(fleet);
        retryMs = FIRST_RETRY_MS;
        log.info("fleet: joined, {} node(s)", fleet.nodes().size());
    }

    /** This node is no longer a member of {@code fleet}: alone again, then a new join. */
    private void lost(Fleet fleet, String reason) {
        if (closed) {
            return;
        }
        link.use(null);
        fleet.close();
        log.warn("fleet: this node left the fleet ({}); it goes on alone and joins again in {} ms", reason, retryMs);
        vertx.setTimer(retryMs, id -> attempt());
        retryMs = Math.min(retryMs * 2, MAX_RETRY_MS);
    }

    private void failed(Throwable cause) {
        String message = cause.getMessage() == null ? cause.toString() : cause.getMessage().strip();
        message = message.endsWith(".") ? message.substring(0, message.length() - 1) : message; // ends our sentence
        if (cause instanceof NodeNameTaken) {
            log.error("fleet: {}", message);
            fatal.accept(message);
            return;
        }
        if (closed) {
            return;
        }
        log.warn("fleet: joining failed: {}; this agent goes on alone and tries again in {} ms", message, retryMs);
        vertx.setTimer(retryMs, id -> attempt());
        retryMs = Math.min(retryMs * 2, MAX_RETRY_MS);
    }

    /** Stops retrying and leaves the fleet; completes within {@link #CLOSE_WAIT_MS} whatever the fleet does. */
    Future<Void> close() {
        closed = true;
        Promise<Void> done = Promise.promise();
        long timer = vertx.setTimer(CLOSE_WAIT_MS, id -> {
            if (done.tryComplete()) {
                log.warn("fleet: not closed within {} ms; quitting anyway", CLOSE_WAIT_MS);
            }
        });
        link.close().onComplete(ar -> {
            vertx.cancelTimer(timer);
            if (ar.failed()) {
                log.warn("fleet: close failed: {}", ar.cause().toString());
            }
            done.tryComplete();
        });
        return done.future();
    }
}
