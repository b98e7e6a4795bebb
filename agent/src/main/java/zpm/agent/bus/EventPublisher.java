package zpm.agent.bus;

import io.vertx.core.eventbus.EventBus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import zpm.agent.core.EventSink;
import zpm.protocol.event.EventAddresses;
import zpm.protocol.event.LifecycleEvent;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Puts every core event on the Vert.x event bus ({@code zpm.events} and {@code zpm.events.<app>},
 * as the {@link LifecycleEvent} record itself: see {@link EventMessageCodec}) and hands it to
 * in-process listeners. Runs on the supervisor's context.
 */
public final class EventPublisher implements EventSink {

    private static final Logger log = LoggerFactory.getLogger(EventPublisher.class);

    private final EventBus bus;
    private final List<Consumer<LifecycleEvent>> listeners = new CopyOnWriteArrayList<>();

    public EventPublisher(EventBus bus) {
        this.bus = bus;
        EventMessageCodec.registerOn(bus);
    }

    @Override
    public void publish(LifecycleEvent event) {
        bus.publish(EventAddresses.ALL, event);
        if (event.app() != null) {
            bus.publish(EventAddresses.forApp(event.app()), event);
        }
        for (Consumer<LifecycleEvent> l : listeners) {
            try {
                l.accept(event);
            } catch (RuntimeException e) {
                // A listener's bug must not stop the supervisor or the other listeners.
                log.warn("event listener failed on seq={} type={}: {}", event.seq(), event.type().wireName(), e.toString());
            }
        }
    }

    /** Adds an in-process listener; the returned action removes it. */
    public Runnable addListener(Consumer<LifecycleEvent> listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }
}
