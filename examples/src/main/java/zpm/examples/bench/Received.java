package zpm.examples.bench;

import zpm.protocol.event.LifecycleEvent;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;

/** What one subscriber received, written by one thread at a time (its dispatch thread, or the raw reader). */
final class Received {
    final long[] seq = new long[8192];
    final long[] latencyUs = new long[8192];
    final String[] type = new String[8192];
    volatile int count;
    volatile long dropped;
    volatile int overflow;
    final CountDownLatch sawFinal = new CountDownLatch(1);
    final Map<String, Integer> types = new TreeMap<>();

    /** One event, on the one thread that receives this subscriber's events. */
    void record(LifecycleEvent ev, Instant arrived, String churnApp) {
        Instant ts = ev.ts();
        int k = count;
        if (k == seq.length) {
            overflow++;
            return;
        }
        seq[k] = ev.seq();
        latencyUs[k] = Duration.between(ts, arrived).toNanos() / 1000;
        String t = ev.type().wireName();
        type[k] = t;
        types.merge(t, 1, Integer::sum);
        count = k + 1;
        if (isFinal(ev, churnApp)) {
            sawFinal.countDown();
        }
    }

    static boolean isFinal(LifecycleEvent ev, String churnApp) {
        return ev instanceof LifecycleEvent.Resize r && churnApp.equals(r.app()) && r.done() && r.to() == 0;
    }
}
