package zpm.agent.app;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.io.IOException;
import zpm.protocol.worker.ZpmWorker;

/** A worker for ControlChannelIT: ready over ZPM_CONTROL, echoes messages, says when asked to leave. */
public final class ControlWorkerMain {

    private ControlWorkerMain() {
    }

    public static void main(String[] args) throws Exception {
        ZpmWorker w = ZpmWorker.current();
        w.onDisconnect(reason -> System.out.println("disconnect: " + reason));
        w.onMessage(m -> {
            try {
                if ("close".equals(m.asText())) {
                    w.control().close();
                } else {
                    w.send(JsonNodeFactory.instance.objectNode().set("echo", m));
                }
            } catch (IOException e) {
                System.err.println("control: " + e);
            }
        });
        w.ready();
        Thread.sleep(Long.MAX_VALUE); // SIGTERM ends it
    }
}
