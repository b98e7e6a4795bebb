package zpm.agent.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import zpm.agent.core.AppSpec;
import zpm.agent.core.BackoffSpec;
import zpm.agent.core.ProbeSpec;
import zpm.agent.core.RestartPolicy;
import zpm.agent.local.Agent;
import zpm.protocol.event.EventType;
import zpm.protocol.event.LifecycleEvent;

/** Dev mode with real files: a change restarts the app; a worker broken at start waits for one. */
class AgentWatchIT {

    /** Exits 1 at once while src/app.conf says "broken", else runs. */
    private static final String WORKER = "grep -q broken \"$0/app.conf\" && exit 1; exec sleep 100000";

    @TempDir
    Path dir;

    private final EventQueue events = new EventQueue();
    private Path src;
    private Agent agent;

    @BeforeEach
    void start() throws Exception {
        src = Files.createDirectories(dir.resolve("src"));
        agent = Agent.startBlocking(dir.resolve("state"), List.of());
        events.attach(agent);
    }

    @AfterEach
    void stop() {
        agent.quitBlocking(60);
        events.killLeftovers();
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
        long first = events.next(EventType.ONLINE).worker().id();

        for (int i = 0; i < 5; i++) { // an editor saving several files at once: one restart
            Files.writeString(src.resolve("app.conf"), "ok " + i + "\n");
        }
        Files.createDirectories(src.resolve("sub"));

        LifecycleEvent fork = events.next(EventType.FORK);
        assertThat(fork.worker().id()).isGreaterThan(first);
        LifecycleEvent.Exit exit = events.next(LifecycleEvent.Exit.class);
        assertThat(exit.worker().id()).isEqualTo(first);
        assertThat(exit.expected()).isTrue();
        events.next(EventType.RESTART);

        Files.writeString(src.resolve("sub").resolve("new.txt"), "x"); // a directory made after the start
        assertThat(events.next(EventType.FORK).worker().id()).isGreaterThan(fork.worker().id());
    }

    @Test
    void aWorkerBrokenAtStartWaitsForTheNextChangeInsteadOfLooping() throws Exception {
        Files.writeString(src.resolve("app.conf"), "broken\n");
        addApp();
        LifecycleEvent.Fatal fatal = events.next(LifecycleEvent.Fatal.class);
        assertThat(fatal.reason()).startsWith("dev mode: code=1 after");
        events.assertNone(EventType.FORK, 1_000, "nothing forked while broken");

        Files.writeString(src.resolve("app.conf"), "fixed\n");

        long id = events.next(EventType.FORK).worker().id();
        assertThat(events.next(EventType.ONLINE).worker().id()).isEqualTo(id);
    }

}
