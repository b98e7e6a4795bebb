package zpm.agent.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import zpm.agent.app.AgentProcess;
import zpm.agent.app.Await;
import zpm.protocol.client.ZpmClient;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Chaos on a real agent: for {@code -Dzpm.soak.chaosSeconds} (default 20) two clients at once
 * SIGKILL random workers by pid, resize the app up and down, restart it or some of its workers
 * and terminate single workers, while a TCP and a WebSocket subscriber read every event. Then
 * the app is whole again, each subscriber's seq had no gap it was not told of, the agent left no
 * zombie and no worker it does not list, and its fds and threads are back near where they were.
 * Seeded: {@code -Dzpm.fuzz.seed=N} replays the choices (not the timing).
 */
class ChaosIT {

    static final int SIZE = 6;
    static final int SECONDS = Integer.getInteger("zpm.soak.chaosSeconds", 20);
    /** Room for what a busy JVM keeps a while (an fd of a socket in close, a pool thread). */
    static final int FD_MARGIN = 8;
    static final int THREAD_MARGIN = 4;
    static final Duration SETTLE = Duration.ofSeconds(90);

    @TempDir
    Path dir;

    private AgentProcess agent;

    @AfterEach
    void stop() {
        if (agent != null) {
            agent.close();
        }
    }

    @Test
    void killsResizesRestartsAndTerminatesLeaveTheAppWholeAndTheAgentAsItWas() throws Exception {
        long seed = Seeds.seed("ChaosIT");
        Path config = dir.resolve("zpm.yaml");
        Files.writeString(config, """
                apps:
                  - name: chaos
                    command: [sleep, "100000"]
                    size: %d
                    killTimeout: 2000
                """.formatted(SIZE));
        agent = AgentProcess.start(dir, config, ProcFacts.LAUNCHER_MEMORY);
        long pid = agent.pid();
        agent.awaitWorkers("chaos", SIZE);
        try (ZpmClient control = client()) {
            new ChaosClient(control, new Random(seed), new java.util.HashSet<>()).warmUp(SIZE);
            makeWhole(control);
            // After one round of every action and a subscriber of each kind: lazy threads exist.
            SeqWatcher.tcp(agent.rpcPort(), agent.token()).close();
            SeqWatcher.webSocket(agent.httpPort(), agent.token()).close();
            int fds = ProcFacts.openFds(pid);
            int threads = ProcFacts.threads(pid);
            Set<Long> everListed = ConcurrentHashMap.newKeySet();
            chaosWatched(control, seed, everListed);
            nothingLeftBehind(control, pid, everListed);
            Await.until("fds back within " + FD_MARGIN + " of " + fds, SETTLE,
                    () -> ProcFacts.openFds(pid) <= fds + FD_MARGIN);
            Await.until("threads back within " + THREAD_MARGIN + " of " + threads, SETTLE,
                    () -> ProcFacts.threads(pid) <= threads + THREAD_MARGIN);
            System.out.printf("ChaosIT: fds %d -> %d, threads %d -> %d, agent RSS %d kB%n", fds,
                    ProcFacts.openFds(pid), threads, ProcFacts.threads(pid), ProcFacts.rssKb(pid));
        }
        assertThat(agent.process.isAlive()).isTrue();
    }

    /**
     * Chaos while a TCP and a WebSocket subscriber read every event; then the app is made whole
     * and an app named "marker" is started: once each subscriber has read its event, everything
     * before it was read, and no seq may be missing that events.dropped did not announce.
     */
    private void chaosWatched(ZpmClient control, long seed, Set<Long> everListed) throws Exception {
        try (SeqWatcher tcp = SeqWatcher.tcp(agent.rpcPort(), agent.token());
             SeqWatcher ws = SeqWatcher.webSocket(agent.httpPort(), agent.token())) {
            List<ChaosClient> clients = runChaos(seed, everListed);
            makeWhole(control);
            control.call("apps.start", Map.of("app", Map.of("name", "marker", "command", List.of("sleep", "1"), "size", 0)));
            for (SeqWatcher w : List.of(tcp, ws)) {
                w.awaitAppEvent("the marker app", SETTLE, e -> e.path("app").asText().equals("marker"));
                assertThat(w.problems()).as("seq gaps nobody was told of").isEmpty();
                assertThat(w.events()).as(w.name + " events").isPositive();
            }
            report(clients, tcp, ws);
        }
    }

    /** No zombie child, no worker the agent once listed and no longer does, no descendant it does not list. */
    private static void nothingLeftBehind(ZpmClient control, long pid, Set<Long> everListed) {
        List<Long> listed = workerPids(control);
        everListed.removeAll(listed);
        Await.until("no zombie child of the agent", SETTLE, () -> ProcFacts.zombieChildren(pid).isEmpty());
        Await.until("every worker the agent no longer lists gone", SETTLE,
                () -> everListed.stream().allMatch(Await::gone));
        assertThat(ProcessHandle.of(pid).orElseThrow().descendants().map(ProcessHandle::pid))
                .as("the agent's descendants are its listed workers").containsExactlyInAnyOrderElementsOf(listed);
    }

    private ZpmClient client() throws java.io.IOException {
        ZpmClient c = ZpmClient.builder().port(agent.rpcPort()).token(agent.token())
                .callTimeout(Duration.ofSeconds(90)).build();
        c.connect();
        return c;
    }

    /** Two clients acting at once until the time is up; each throws what the agent got wrong. */
    private List<ChaosClient> runChaos(long seed, Set<Long> everListed) throws Exception {
        long end = System.nanoTime() + Duration.ofSeconds(SECONDS).toNanos();
        List<ChaosClient> clients = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        List<Throwable> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
        for (int i = 0; i < 2; i++) {
            ChaosClient c = new ChaosClient(client(), new Random(seed + i), everListed);
            clients.add(c);
            Thread t = new Thread(() -> {
                try {
                    c.runUntil(end);
                } catch (Throwable e) {
                    failures.add(e);
                }
            }, "chaos-" + i);
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) {
            t.join(Duration.ofSeconds(SECONDS).toMillis() + SETTLE.toMillis());
        }
        clients.forEach(c -> c.client.close());
        assertThat(failures).as("what the chaos clients saw go wrong").isEmpty();
        return clients;
    }

    /**
     * Back to its size with every worker online: resize, then restart the workers a terminate
     * left exited (they stay so by design until an operator acts).
     */
    private void makeWhole(ZpmClient control) {
        control.call("resize", Map.of("app", "chaos", "size", SIZE));
        Await.until(SIZE + " workers of chaos online", SETTLE, () -> {
            JsonNode workers = control.call("status", Map.of("target", "chaos")).get("workers");
            List<Long> exited = new ArrayList<>();
            int online = 0;
            for (JsonNode w : workers) {
                String state = w.path("state").asText();
                online += state.equals("online") ? 1 : 0;
                if (state.equals("exited")) {
                    exited.add(w.path("id").asLong());
                }
            }
            if (!exited.isEmpty()) {
                ChaosClient.tolerating(() -> control.call("restart", Map.of("target", exited, "timeout", 10_000)));
            }
            return workers.size() == SIZE && online == SIZE;
        });
    }

    private static List<Long> workerPids(ZpmClient control) {
        List<Long> pids = new ArrayList<>();
        control.call("status", Map.of("target", "chaos")).get("workers").forEach(w -> pids.add(w.path("pid").asLong()));
        return pids;
    }

    private static void report(List<ChaosClient> clients, SeqWatcher tcp, SeqWatcher ws) {
        ChaosClient.Counts total = new ChaosClient.Counts();
        clients.forEach(c -> total.add(c.counts));
        System.out.printf("ChaosIT: %d s, %s; events read: tcp %d (dropped %d), websocket %d (dropped %d)%n",
                SECONDS, total, tcp.events(), tcp.dropped(), ws.events(), ws.dropped());
    }
}
