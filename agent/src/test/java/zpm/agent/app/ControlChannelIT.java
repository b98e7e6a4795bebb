package zpm.agent.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.TextNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import zpm.agent.core.AppSpec;
import zpm.agent.core.BackoffSpec;
import zpm.agent.core.ProbeSpec;
import zpm.agent.core.RestartPolicy;
import zpm.agent.core.Target;
import zpm.agent.local.Agent;
import zpm.agent.os.OutputLine;
import zpm.protocol.event.EventType;
import zpm.protocol.event.LifecycleEvent;
import zpm.protocol.jsonrpc.JsonTree;

/** ZPM_CONTROL end to end: a JVM worker using ZpmWorker against the real agent. */
class ControlChannelIT {

    @TempDir
    Path state;

    private final EventQueue events = new EventQueue();
    private Agent agent;

    @AfterEach
    void stop() {
        if (agent != null) {
            agent.quitBlocking(60);
        }
        events.killLeftovers();
    }

    @Test
    void readyMessagesBothWaysDisconnectAndAClosedChannel() throws Exception {
        agent = Agent.startBlocking(state, List.of());
        events.attach(agent);
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx32m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                ControlWorkerMain.class.getName());
        Agent.await(agent.addApp(new AppSpec("ctl", command, null, Map.of(), 2, null, RestartPolicy.ALWAYS,
                BackoffSpec.DEFAULT, 0, 5_000, new ProbeSpec(ProbeSpec.Type.NOTIFY, null, null, List.of(), 60_000, 100, 3),
                null, null, List.of())), 90);
        long a = events.next(EventType.ONLINE).worker().id(); // online only through ZpmWorker.ready()
        long b = events.next(EventType.ONLINE).worker().id();

        List<Long> sent = Agent.await(agent.send(Target.ids(a), JsonNodeFactory.instance.objectNode().put("x", 1)), 10);
        assertThat(sent).containsExactly(a);
        LifecycleEvent.Message echo = events.next(LifecycleEvent.Message.class);
        assertThat(echo.worker().id()).isEqualTo(a);
        assertThat(JsonTree.write(echo.data())).isEqualTo("{\"echo\":{\"x\":1}}");

        Agent.await(agent.send(Target.ids(b), TextNode.valueOf("close")), 10);
        LifecycleEvent.Disconnect closed = events.next(LifecycleEvent.Disconnect.class);
        assertThat(closed.worker().id()).isEqualTo(b);
        assertThat(closed.reason()).isEqualTo("control channel closed");
        assertThat(Agent.await(agent.send(Target.app("ctl"), TextNode.valueOf("hi")), 10)).containsExactly(a);

        Agent.await(agent.shutdown(Target.ids(a)), 30);
        assertThat(agent.logs().tail(a, 20)).extracting(OutputLine::text).contains("disconnect: shutdown");
    }
}
