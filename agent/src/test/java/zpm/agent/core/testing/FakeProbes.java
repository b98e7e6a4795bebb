package zpm.agent.core.testing;

import zpm.agent.core.ProbeSpec;
import zpm.agent.core.Probes;

import java.util.LinkedHashSet;
import java.util.Set;

/** Records which workers the core wants readiness checks for. */
public final class FakeProbes implements Probes {

    public final Set<Long> watching = new LinkedHashSet<>();
    public final Set<Long> cancelled = new LinkedHashSet<>();
    /** Workers whose port the core asked to watch, and those released since. */
    public final Set<Long> listenWatched = new LinkedHashSet<>();
    public final Set<Long> released = new LinkedHashSet<>();
    /** Workers whose health (liveness, memory) the core asked to watch. */
    public final Set<Long> healthWatched = new LinkedHashSet<>();

    @Override
    public void watchReadiness(long workerId, long pid, ProbeSpec spec, Integer appPort) {
        watching.add(workerId);
    }

    @Override
    public void watchListening(long workerId, long pid, int port) {
        listenWatched.add(workerId);
    }

    @Override
    public void watchHealth(long workerId, long pid, ProbeSpec liveness, Integer appPort, Integer maxMemoryMb) {
        healthWatched.add(workerId);
    }

    @Override
    public void release(long workerId) {
        cancel(workerId);
        released.add(workerId);
    }

    @Override
    public void cancel(long workerId) {
        if (watching.remove(workerId)) {
            cancelled.add(workerId);
        }
    }
}
