package zpm.agent.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import zpm.agent.core.AppSpec;
import zpm.agent.core.BackoffSpec;
import zpm.agent.core.ProbeSpec;
import zpm.agent.core.RestartPolicy;
import zpm.protocol.event.EventType;
import zpm.protocol.event.LifecycleEvent;

/** Dev mode with real files: a change restarts the app; a worker broken at start waits for one. */
class AgentWatchIT {

    /** Exits 1 at once while src/app.conf says "broken", else runs. */
    private static final String WORKER = "grep -q broken \"$0/app.conf\" && exit 1; exec sleep 100000";

    @TempDir
    Path dir;

    private final BlockingQueue<LifecycleEvent> events = new LinkedBlockingQueue<>();
    private final List<Long> pids = new CopyOnWriteArrayList<>();
    private Path src;
    private Agent agent;

    @BeforeEach
    void start() throws Exception {
        src = Files.createDirectories(dir.resolve("src"));
        agent = Agent.startBlocking(dir.resolve("state"), List.of());
        agent.onEvent(e -> {
            events.add(e);
            if (e.worker() != null && e.worker().pid() != null) {
                pids.add(e.worker().pid());
            }
        });
    }

    @AfterEach
    void stop() {
        agent.quitBlocking(60);
        pids.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
    }

    private void addApp() {
        Agent.await(agent.addApp(new AppSpec("dev", List.of("sh", "-c", WORKER, src.toString()), null, Map.of(), 1,
                null, RestartPolicy.ALWAYS, BackoffSpec.DEFAULT, 2_000, 2_000, ProbeSpec.NONE, null, null,
                List.of(src.toString()))), 60);
    }

    @Test
    void aChangeInAWatchedDirectoryRestartsTheAppOnceForABurst() throws Exception {
        Files.writeString(src.resolve("app.conf"), "ok\n");
        addApp();
        long first = next(EventType.ONLINE).worker().id();

        for (int i = 0; i < 5; i++) { // an editor saving several files at once: one restart
            Files.writeString(src.resolve("app.conf"), "ok " + i + "\n");
        }
        Files.createDirectories(src.resolve("sub"));

        LifecycleEvent fork = next(EventType.FORK);
        assertThat(fork.worker().id()).isGreaterThan(first);
        LifecycleEvent exit = next(EventType.EXIT);
        assertThat(exit.worker().id()).isEqualTo(first);
        assertThat(exit.details()).containsEntry("expected", true);
        next(EventType.RESTART);

        Files.writeString(src.resolve("sub").resolve("new.txt"), "x"); // a directory made after the start
        assertThat(next(EventType.FORK).worker().id()).isGreaterThan(fork.worker().id());
    }

    @Test
    void aWorkerBrokenAtStartWaitsForTheNextChangeInsteadOfLooping() throws Exception {
        Files.writeString(src.resolve("app.conf"), "broken\n");
        addApp();
        LifecycleEvent fatal = next(EventType.FATAL);
        assertThat((String) fatal.details().get("reason")).startsWith("dev mode: code=1 after");
        long quiet = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
        while (System.nanoTime() < quiet) {
            LifecycleEvent e = events.poll(50, TimeUnit.MILLISECONDS);
            assertThat(e == null ? null : e.type()).as("nothing forked while broken").isNotEqualTo(EventType.FORK);
        }

        Files.writeString(src.resolve("app.conf"), "fixed\n");

        long id = next(EventType.FORK).worker().id();
        assertThat(next(EventType.ONLINE).worker().id()).isEqualTo(id);
    }

    private LifecycleEvent next(EventType type) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            LifecycleEvent e = events.poll(100, TimeUnit.MILLISECONDS);
            if (e != null && e.type() == type) {
                return e;
            }
        }
        throw new AssertionError("no " + type.wireName() + " event within 60 s");
    }
}
