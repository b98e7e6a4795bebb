package zpm.agent.app;

import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import zpm.agent.core.AppSpec;
import zpm.agent.core.AppState;
import zpm.agent.core.BackoffSpec;
import zpm.agent.core.ProbeSpec;
import zpm.agent.core.RestartPolicy;
import zpm.agent.core.RestartResult;
import zpm.agent.core.Target;
import zpm.agent.core.WorkerInfo;
import zpm.agent.core.WorkerState;
import zpm.agent.local.Agent;
import zpm.protocol.event.LifecycleEvent;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The agent in this JVM with real worker processes, seen through the Vert.x event bus. */
class AgentEventsIT {

    @TempDir
    Path state;

    private final Vertx vertx = Vertx.vertx();
    private final BlockingQueue<LifecycleEvent> bus = new LinkedBlockingQueue<>();
    private final BlockingQueue<LifecycleEvent> appBus = new LinkedBlockingQueue<>();
    private final List<Long> pidsSeen = new ArrayList<>();
    private Agent agent;

    @AfterEach
    void stop() {
        if (agent != null) {
            Agent.await(agent.quit(), 60);
        }
        Agent.await(vertx.close(), 30);
        for (long pid : pidsSeen) {
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    private void listen(String app) {
        MessageConsumer<LifecycleEvent> all = vertx.eventBus().consumer("zpm.events", m -> bus.add(m.body()));
        MessageConsumer<LifecycleEvent> one = vertx.eventBus().consumer("zpm.events." + app, m -> appBus.add(m.body()));
        Agent.await(all.completion(), 10);
        Agent.await(one.completion(), 10);
    }

    /** The next event on the bus (skipping none), within a generous deadline. */
    private LifecycleEvent next() throws InterruptedException {
        LifecycleEvent e = bus.poll(30, TimeUnit.SECONDS);
        assertThat(e).as("an event within 30 s").isNotNull();
        if (e.worker() != null && e.worker().pid() != null) {
            pidsSeen.add(e.worker().pid());
        }
        return e;
    }

    private List<String> nextTypes(int n) throws InterruptedException {
        List<String> types = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            types.add(next().type().wireName());
        }
        return types;
    }

    private static AppSpec quickStable(String name, List<String> command) {
        // Short windows so the test need not wait 5 s for a worker to count as stable.
        return new AppSpec(name, command, null, Map.of(), 1, null, RestartPolicy.ALWAYS,
                new BackoffSpec(1000, 16000, 300), 100, 5000, ProbeSpec.NONE, null, null, List.of());
    }

    @Test
    void aKilledWorkerIsSeenAsForkOnlineExitForkOnlineWithoutASeqGap() throws Exception {
        listen("sleepy");
        agent = Agent.await(Agent.start(vertx, state, List.of(quickStable("sleepy", List.of("sleep", "100000")))), 30);

        assertThat(nextTypes(3)).containsExactly("app", "resize", "fork");
        LifecycleEvent online = next();
        assertThat(online.type().wireName()).isEqualTo("online");
        long pid = online.worker().pid();
        assertThat(next().type().wireName()).isEqualTo("resize");
        Await.until("worker online for 400 ms", () -> uptime(agent) >= 400);

        ProcessHandle.of(pid).orElseThrow().destroyForcibly();
        LifecycleEvent exit = next();
        assertThat(exit).isInstanceOfSatisfying(LifecycleEvent.Exit.class, x -> {
            assertThat(x.signal()).isEqualTo("KILL");
            assertThat(x.expected()).isFalse();
        });
        LifecycleEvent fork = next();
        assertThat(fork.type().wireName()).isEqualTo("fork");
        assertThat(fork.worker().slot()).isZero();
        assertThat(fork.worker().pid()).isNotEqualTo(pid);
        assertThat(next().type().wireName()).isEqualTo("online");

        // The per-app address is a second consumer: its deliveries may trail the first one's.
        Await.until("eight events on zpm.events.sleepy", () -> appBus.size() >= 8);
        List<LifecycleEvent> perApp = new ArrayList<>(appBus);
        assertThat(perApp).extracting(e -> e.type().wireName())
                .containsExactly("app", "resize", "fork", "online", "resize", "exit", "fork", "online");
        for (int i = 1; i < perApp.size(); i++) {
            assertThat(perApp.get(i).seq()).isEqualTo(perApp.get(i - 1).seq() + 1);
        }
    }

    private static long uptime(Agent agent) {
        return Agent.await(agent.status(Target.ALL), 10).stream()
                .filter(w -> w.state() == WorkerState.ONLINE).mapToLong(WorkerInfo::uptimeMs).max().orElse(0);
    }

    @Test
    void aCommandThatDoesNotExistIsReportedOnceAsFatal() throws Exception {
        listen("ghost");
        agent = Agent.await(Agent.start(vertx, state,
                List.of(AppSpec.of("ghost", 2, List.of("no-such-command-zpm-test")))), 30);

        LifecycleEvent.Fatal fatal = Await.until("a fatal event", () -> bus.stream()
                .filter(e -> e instanceof LifecycleEvent.Fatal && e.worker() == null)
                .map(LifecycleEvent.Fatal.class::cast).findFirst().orElse(null));
        assertThat(fatal.reason()).contains("no-such-command-zpm-test");
        assertThat(Agent.await(agent.apps(), 10).get(0).state()).isEqualTo(AppState.FATAL);
        assertThat(bus).extracting(e -> e.type().wireName()).doesNotContain("fork", "backoff", "exit");
    }

    @Test
    void tcpReadinessWaitsForTheWorkersOwnListenSocket() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        listen("web");
        AppSpec web = new AppSpec("web", List.of("sh", "-c",
                "sleep 0.7; exec python3 -m http.server \"$PORT\" --bind 127.0.0.1"), null, Map.of(), 1, port,
                RestartPolicy.ALWAYS, BackoffSpec.DEFAULT, 2000, 5000,
                new ProbeSpec(ProbeSpec.Type.TCP, null, null, List.of(), 30_000, 50, 3), null, null, List.of());
        agent = Agent.await(Agent.start(vertx, state, List.of(web)), 30);

        LifecycleEvent.Online online = Await.until("online", () -> bus.stream()
                .filter(e -> e instanceof LifecycleEvent.Online).map(LifecycleEvent.Online.class::cast)
                .findFirst().orElse(null));
        assertThat(online.afterMs()).isGreaterThanOrEqualTo(600L);
        try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
            assertThat(s.isConnected()).isTrue();
        }
    }

    @Test
    void aWorkerIgnoringTermIsKilledWithItsWholeTreeAfterTheKillTimeout() throws Exception {
        listen("stubborn");
        AppSpec stubborn = new AppSpec("stubborn", List.of("sh", "-c", "trap '' TERM; sleep 100000 & wait; wait"),
                null, Map.of(), 1, null, RestartPolicy.ALWAYS, BackoffSpec.DEFAULT, 100, 700, ProbeSpec.NONE,
                null, null, List.of());
        agent = Agent.await(Agent.start(vertx, state, List.of(stubborn)), 30);
        long pid = Await.until("online", () -> bus.stream().filter(e -> e instanceof LifecycleEvent.Online)
                .findFirst().map(e -> e.worker().pid()).orElse(null));
        long child = Await.until("the worker's child", () -> ProcessHandle.of(pid).orElseThrow().children()
                .findFirst().map(ProcessHandle::pid).orElse(null));
        pidsSeen.add(child);

        List<Long> stopped = Agent.await(agent.shutdown(Target.ALL), 30);
        assertThat(stopped).hasSize(1);
        // The bus delivers on the event loop, maybe just after the shutdown's answer reached us.
        LifecycleEvent.Exit exit = Await.until("the exit event", () -> bus.stream()
                .filter(e -> e instanceof LifecycleEvent.Exit).map(LifecycleEvent.Exit.class::cast)
                .findFirst().orElse(null));
        assertThat(exit.signal()).isEqualTo("KILL");
        assertThat(exit.expected()).isTrue();
        assertThat(exit.uptimeMs()).isGreaterThanOrEqualTo(0L);
        Await.until("the grandchild is gone too", Duration.ofSeconds(15), () -> Await.gone(child));
    }

    @Test
    void aRollingRestartReplacesEveryWorkerWithNewPidsInTheSameSlots() throws Exception {
        listen("pair");
        AppSpec pair = AppSpec.of("pair", 2, List.of("sleep", "100000"));
        agent = Agent.await(Agent.start(vertx, state, List.of(pair)), 30);
        Await.until("both online", () -> Agent.await(agent.status(Target.ALL), 10).stream()
                .filter(w -> w.state() == WorkerState.ONLINE).count() == 2);
        List<WorkerInfo> before = Agent.await(agent.status(Target.ALL), 10);
        before.forEach(w -> pidsSeen.add(w.pid()));

        RestartResult r = Agent.await(agent.restart(Target.app("pair")), 60);
        assertThat(r.ok()).isTrue();
        assertThat(r.replaced()).containsExactlyElementsOf(before.stream().map(WorkerInfo::id).toList());
        List<WorkerInfo> after = Agent.await(agent.status(Target.ALL), 10);
        after.forEach(w -> pidsSeen.add(w.pid()));
        assertThat(after).extracting(WorkerInfo::slot).containsExactly(0, 1);
        assertThat(after).extracting(WorkerInfo::pid).doesNotContainAnyElementsOf(before.stream().map(WorkerInfo::pid).toList());
        for (WorkerInfo w : before) {
            Await.until("old worker " + w.pid() + " gone", () -> Await.gone(w.pid()));
        }
    }

    /** backoff.burst with real processes: the first SIGKILLs in a row are forked again at once. */
    @Test
    void threeQuickSigkillsOfYoungWorkersAreEachForkedAgainWithoutBackoff() {
        listen("sleepy");
        // minRestartAgeMs of a minute: every death here is young, however slow the machine.
        AppSpec sleepy = new AppSpec("sleepy", List.of("sleep", "100000"), null, Map.of(), 1, null,
                RestartPolicy.ALWAYS, BackoffSpec.DEFAULT, 60_000, 5_000, ProbeSpec.NONE, null, null, List.of());
        agent = Agent.await(Agent.start(vertx, state, List.of(sleepy)), 30);

        long pid = forkAfter(0);
        for (int kill = 1; kill <= 3; kill++) {
            int mark = bus.size();
            ProcessHandle.of(pid).orElseThrow().destroyForcibly();
            long killed = pid;
            pid = forkAfter(mark);
            assertThat(pid).as("kill %d: a new process", kill).isNotEqualTo(killed);
            assertThat(typesAfter(mark)).as("kill %d", kill).containsSubsequence("exit", "fork").doesNotContain("backoff");
        }
        assertThat(bus).filteredOn(e -> e instanceof LifecycleEvent.Danger).first()
                .satisfies(d -> assertThat(((LifecycleEvent.Danger) d).active()).isTrue());

        // The fourth in a row is past the burst: the ladder's first step.
        int mark = bus.size();
        ProcessHandle.of(pid).orElseThrow().destroyForcibly();
        LifecycleEvent.Backoff backoff = Await.until("a backoff event", () -> bus.stream().skip(mark)
                .filter(e -> e instanceof LifecycleEvent.Backoff).map(LifecycleEvent.Backoff.class::cast)
                .findFirst().orElse(null));
        assertThat(backoff.delayMs()).isEqualTo(BackoffSpec.DEFAULT.initialMs());
    }

    /** The pid of the first fork event after the first {@code mark} events on the bus. */
    private long forkAfter(int mark) {
        long pid = Await.until("a fork event", () -> bus.stream().skip(mark)
                .filter(e -> e instanceof LifecycleEvent.Fork).map(e -> e.worker().pid()).findFirst().orElse(null));
        pidsSeen.add(pid);
        return pid;
    }

    private List<String> typesAfter(int mark) {
        return bus.stream().skip(mark).map(e -> e.type().wireName()).toList();
    }
}
