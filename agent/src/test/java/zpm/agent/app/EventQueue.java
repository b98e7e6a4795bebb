package zpm.agent.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import zpm.agent.local.Agent;
import zpm.protocol.event.EventType;
import zpm.protocol.event.LifecycleEvent;

/** An agent's events as a test reads them: wait for the next of a type, or watch that none comes. */
final class EventQueue {

    private final BlockingQueue<LifecycleEvent> events = new LinkedBlockingQueue<>();
    /** Every worker pid seen, so that a test can end them all. */
    final List<Long> pids = new CopyOnWriteArrayList<>();

    void attach(Agent agent) {
        agent.onEvent(e -> {
            events.add(e);
            if (e.worker() != null && e.worker().pid() != null) {
                pids.add(e.worker().pid());
            }
        });
    }

    void clear() {
        events.clear();
    }

    /** The next event of {@code type}, skipping others; fails after 60 s. */
    LifecycleEvent next(EventType type) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            LifecycleEvent e = events.poll(100, TimeUnit.MILLISECONDS);
            if (e != null && e.type() == type) {
                return e;
            }
        }
        throw new AssertionError("no " + type.wireName() + " event within 60 s");
    }

    /** The next event of record type {@code type}, skipping others; fails after 60 s. */
    <T extends LifecycleEvent> T next(Class<T> type) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            LifecycleEvent e = events.poll(100, TimeUnit.MILLISECONDS);
            if (type.isInstance(e)) {
                return type.cast(e);
            }
        }
        throw new AssertionError("no " + type.getSimpleName() + " event within 60 s");
    }

    /** Fails if an event of {@code type} arrives within {@code ms}. */
    void assertNone(EventType type, long ms, String why) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(ms);
        while (System.nanoTime() < end) {
            LifecycleEvent e = events.poll(50, TimeUnit.MILLISECONDS);
            assertThat(e == null ? null : e.type()).as(why).isNotEqualTo(type);
        }
    }

    /** SIGKILLs every worker pid seen that is still running. */
    void killLeftovers() {
        pids.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
    }
}
