package zpm.agent.core.testing;

import zpm.agent.core.Launcher;
import zpm.agent.core.Signal;
import zpm.agent.core.SpawnRequest;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Records what the core asks of the OS; the test answers with facts on the supervisor. */
public final class FakeLauncher implements Launcher {

    /** A signal sent, or a tree kill ({@code signal == KILL && tree}). */
    public record Sent(long workerId, Signal signal, boolean tree) {
    }

    public final List<SpawnRequest> spawns = new ArrayList<>();
    public final List<Sent> sent = new ArrayList<>();
    /** Spawn requests not yet answered with spawned/spawnFailed, by worker id. */
    public final Map<Long, SpawnRequest> pending = new LinkedHashMap<>();

    @Override
    public void spawn(SpawnRequest request) {
        spawns.add(request);
        pending.put(request.workerId(), request);
    }

    @Override
    public void signal(long workerId, Signal signal) {
        sent.add(new Sent(workerId, signal, false));
    }

    @Override
    public void killTree(long workerId) {
        sent.add(new Sent(workerId, Signal.KILL, true));
    }

    public List<Sent> sentTo(long workerId) {
        return sent.stream().filter(s -> s.workerId() == workerId).toList();
    }

    public SpawnRequest lastSpawn() {
        return spawns.get(spawns.size() - 1);
    }
}
