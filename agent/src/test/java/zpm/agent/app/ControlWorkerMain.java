package zpm.agent.app;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.io.IOException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import sun.misc.Signal;
import zpm.protocol.worker.ZpmWorker;

/** A worker for ControlChannelIT: ready over ZPM_CONTROL, echoes messages, says when asked to leave. */
public final class ControlWorkerMain {

    private ControlWorkerMain() {
    }

    public static void main(String[] args) throws Exception {
        ZpmWorker w = ZpmWorker.current();
        CountDownLatch told = new CountDownLatch(1);
        w.onDisconnect(reason -> {
            System.out.println("disconnect: " + reason);
            told.countDown();
        });
        // The agent writes disconnect, then sends SIGTERM at once: the signal may overtake the
        // line. A worker that leaves on SIGTERM still gives its channel a moment.
        Signal.handle(new Signal("TERM"), s -> {
            try {
                told.await(2, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            System.exit(0);
        });
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
