package zpm.agent.core;

import zpm.agent.core.testing.FakeLauncher;
import zpm.agent.core.testing.FakeProbes;
import zpm.agent.core.testing.ManualTime;
import zpm.protocol.event.LifecycleEvent;

import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A supervisor wired to fakes, with short ways to answer its requests and read its events. */
final class CoreHarness {

    final ManualTime time = new ManualTime();
    final FakeLauncher launcher = new FakeLauncher();
    final FakeProbes probes = new FakeProbes();
    final List<LifecycleEvent> events = new ArrayList<>();
    final Supervisor sup;
    private long nextPid = 4000;

    CoreHarness() {
        this(null);
    }

    /** A supervisor whose events carry {@code node}. */
    CoreHarness(String node) {
        sup = new Supervisor(time, time, launcher, probes, events::add, node);
    }

    static AppSpec app(String name, int size) {
        return AppSpec.of(name, size, List.of("/bin/worker", "--serve"));
    }

    static AppSpec withReadiness(AppSpec s, ProbeSpec.Type type, long timeoutMs) {
        return new AppSpec(s.name(), s.command(), s.cwd(), s.env(), s.size(), 8080, s.restart(), s.backoff(),
                s.minRestartAgeMs(), s.killTimeoutMs(), new ProbeSpec(type, null, null, List.of(), timeoutMs, 100, 3),
                null, null, List.of());
    }

    static AppSpec withPolicy(AppSpec s, RestartPolicy policy) {
        return new AppSpec(s.name(), s.command(), s.cwd(), s.env(), s.size(), s.port(), policy, s.backoff(),
                s.minRestartAgeMs(), s.killTimeoutMs(), s.readiness(), null, null, List.of());
    }

    /**
     * The same spec with {@code backoff.burst = 0}: the ladder from the first crash, for tests whose
     * subject is the backoff state itself (the default burst forks the first crashes at once).
     */
    static AppSpec ladderOnly(AppSpec s) {
        return withBurst(s, 0);
    }

    static AppSpec withBurst(AppSpec s, int burst) {
        BackoffSpec b = s.backoff();
        return new AppSpec(s.name(), s.command(), s.cwd(), s.env(), s.size(), s.port(), s.restart(),
                new BackoffSpec(b.initialMs(), b.maxMs(), b.resetAfterMs(), burst), s.minRestartAgeMs(),
                s.killTimeoutMs(), s.readiness(), s.liveness(), s.maxMemoryMb(), s.watch(), s.stopSignal(),
                s.limits());
    }

    /** Answers every pending spawn request with a pid; returns the worker ids, in order. */
    List<Long> spawnAll() {
        List<Long> ids = new ArrayList<>(launcher.pending.keySet());
        launcher.pending.clear();
        for (long id : ids) {
            sup.spawned(id, nextPid++);
        }
        return ids;
    }

    void spawn(long id) {
        assertThat(launcher.pending.remove(id)).as("spawn pending for worker " + id).isNotNull();
        sup.spawned(id, nextPid++);
    }

    void exit(long id, int code) {
        sup.exited(id, ExitStatus.ofCode(code));
    }

    void killed(long id, String signal) {
        sup.exited(id, ExitStatus.ofSignal(signal));
    }

    int mark() {
        return events.size();
    }

    /** Events as short strings: "fork#3", "resize", ... */
    List<String> since(int mark) {
        List<String> out = new ArrayList<>();
        for (LifecycleEvent e : events.subList(mark, events.size())) {
            out.add(e.type().wireName() + (e.worker() != null ? "#" + e.worker().id() : ""));
        }
        return out;
    }

    List<String> all() {
        return since(0);
    }

    LifecycleEvent last(String type) {
        for (int i = events.size() - 1; i >= 0; i--) {
            if (events.get(i).type().wireName().equals(type)) {
                return events.get(i);
            }
        }
        throw new AssertionError("no " + type + " event in " + all());
    }

    WorkerInfo worker(long id) {
        return sup.status(Target.ids(id)).get(0);
    }

    List<WorkerInfo> workers(String app) {
        return sup.status(Target.app(app));
    }

    List<Long> ids(String app) {
        return workers(app).stream().map(WorkerInfo::id).toList();
    }

    AppInfo appInfo(String name) {
        return sup.apps().stream().filter(a -> a.name().equals(name)).findFirst().orElseThrow();
    }

    /** Starts an app and brings every worker online. */
    List<Long> startOnline(AppSpec spec) {
        sup.addApp(spec);
        List<Long> ids = spawnAll();
        for (long id : ids) {
            if (spec.readiness().type() != ProbeSpec.Type.NONE) {
                sup.ready(id);
            }
        }
        return ids;
    }

    /** Starts a one-worker app and crashes its worker at once, again and again, until the app is fatal. */
    void startThenCrashUntilFatal(AppSpec spec) {
        startOnline(spec);
        long id = 1;
        while (appInfo(spec.name()).state() != AppState.FATAL) {
            exit(id, 1);
            time.advance(20_000);
            List<Long> ids = spawnAll();
            id = ids.isEmpty() ? id : ids.get(0);
        }
    }

    void assertSeqGapless() {
        for (int i = 0; i < events.size(); i++) {
            assertThat(events.get(i).seq()).isEqualTo(i + 1L);
        }
    }

    /** The value of a future the core must already have completed (fails instead of waiting). */
    static <T> T result(java.util.concurrent.CompletableFuture<T> f) {
        assertThat(f).as("completed by the core").isDone();
        return f.getNow(null);
    }

    /** The type's own fields of the last event of {@code type}: see {@link #fields}. */
    Map<String, Object> details(String type) {
        return fields(last(type));
    }

    /**
     * An event record's own fields by name, with their Java values (enums by wire name), so a
     * test can check several at once against a table.
     */
    static Map<String, Object> fields(LifecycleEvent e) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (RecordComponent c : e.getClass().getRecordComponents()) {
            if (c.getName().equals("header")) {
                continue;
            }
            try {
                Object v = c.getAccessor().invoke(e);
                m.put(c.getName(), v instanceof Enum<?> en ? en.name().toLowerCase(Locale.ROOT) : v);
            } catch (ReflectiveOperationException x) {
                throw new AssertionError(x);
            }
        }
        return m;
    }
}
