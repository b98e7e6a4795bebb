package zpm.agent.bus;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageConsumer;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import zpm.protocol.event.EventAddresses;
import zpm.protocol.event.EventHeader;
import zpm.protocol.event.LifecycleEvent;
import zpm.protocol.event.WorkerRef;

class EventMessageCodecTest {

    private static final LifecycleEvent EXIT = new LifecycleEvent.Exit(
            new EventHeader(9, Instant.parse("2026-12-06T09:00:00.123Z"), "web", new WorkerRef(3, 1, 4242L)),
            null, "KILL", false, 1500);

    @Test
    void aLocalConsumerGetsTheVeryRecordOnEveryAddressAndAgentsMayShareABus() throws Exception {
        Vertx vertx = Vertx.vertx();
        try {
            EventMessageCodec.registerOn(vertx.eventBus());
            EventMessageCodec.registerOn(vertx.eventBus()); // a second agent on the same Vert.x
            CompletableFuture<Object> got = new CompletableFuture<>();
            MessageConsumer<Object> c = vertx.eventBus().consumer(EventAddresses.ALL, m -> got.complete(m.body()));
            c.completion().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            new EventPublisher(vertx.eventBus()).publish(EXIT);
            assertThat(got.get(10, TimeUnit.SECONDS)).isSameAs(EXIT);
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void theWireFormIsTheEventsJsonAndReadsBackEqual() {
        for (LifecycleEvent e : List.of(EXIT, new LifecycleEvent.Resize(new EventHeader(10, Instant.EPOCH, "web", null),
                0, 4, true))) {
            EventMessageCodec codec = new EventMessageCodec(e.getClass());
            Buffer b = Buffer.buffer().appendString("prefix");
            codec.encodeToWire(b, e);
            assertThat(codec.decodeFromWire(6, b)).isEqualTo(e);
            assertThat(codec.transform(e)).isSameAs(e);
        }
    }
}
