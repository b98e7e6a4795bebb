package zpm.agent.metrics;

import zpm.protocol.event.EventType;
import zpm.protocol.event.LifecycleEvent;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * Lifecycle events since start, by type, and worker exits by app and reason: always on, fed by a
 * listener on the supervisor's events (an array add per event, a map add per exit), read by a
 * scrape from another thread. No Prometheus class: the metrics library loads on the first scrape.
 */
public final class EventCounts {

    /** Why a process ended, as a {@code reason} label: a small fixed set, never free text. */
    public enum ExitReason {
        /** It was asked to leave (stop, restart, resize, a failed check, maxMemoryMb). */
        STOPPED,
        /** The kernel's OOM killer ended a process of the worker's cgroup. */
        OOM,
        /** A signal nobody here sent asked for ended it (a crash, a kill from outside). */
        SIGNAL,
        /** It exited by itself with code 0. */
        EXIT_ZERO,
        /** It exited by itself with another code. */
        EXIT_NONZERO;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }

        static ExitReason of(LifecycleEvent.Exit e) {
            if ("oom".equals(e.reason())) {
                return OOM;
            }
            if (e.expected()) {
                return STOPPED;
            }
            if (e.signal() != null) {
                return SIGNAL;
            }
            return e.code() != null && e.code() == 0 ? EXIT_ZERO : EXIT_NONZERO;
        }
    }

    /** One app and exit reason. */
    public record ExitKey(String app, ExitReason reason) {
    }

    private static final EventType[] TYPES = EventType.values();

    private final AtomicLongArray byType = new AtomicLongArray(TYPES.length);
    private final Map<ExitKey, LongAdder> exits = new ConcurrentHashMap<>();

    /** Counts one event (the supervisor's listener: keep it short). */
    public void count(LifecycleEvent e) {
        byType.incrementAndGet(e.type().ordinal());
        if (e instanceof LifecycleEvent.Exit exit) {
            exits.computeIfAbsent(new ExitKey(String.valueOf(exit.app()), ExitReason.of(exit)), k -> new LongAdder()).increment();
        }
    }

    /** Every event type's count, zeros included (a series that exists from the start rates well). */
    public Map<String, Long> byType() {
        Map<String, Long> out = new LinkedHashMap<>();
        for (EventType t : TYPES) {
            out.put(t.wireName(), byType.get(t.ordinal()));
        }
        return out;
    }

    /** Exits so far, by app then reason. */
    public Map<ExitKey, Long> exits() {
        Map<ExitKey, Long> out = new TreeMap<>((a, b) -> a.app().equals(b.app())
                ? a.reason().compareTo(b.reason()) : a.app().compareTo(b.app()));
        exits.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }
}
