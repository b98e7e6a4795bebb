package zpm.protocol.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import zpm.protocol.event.LifecycleEvent;
import zpm.protocol.jsonrpc.ErrorCode;
import zpm.protocol.jsonrpc.Notification;
import zpm.protocol.jsonrpc.Request;
import zpm.protocol.jsonrpc.Response;
import zpm.protocol.jsonrpc.RpcException;
import zpm.protocol.testing.FakeAgent;
import zpm.protocol.testing.SelfSignedTls;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

@Timeout(60)
class ZpmClientTest {

    private static final long WAIT_S = 10;

    private final List<AutoCloseable> closeAfter = new ArrayList<>();
    private final BlockingQueue<ZpmClient.State> states = new LinkedBlockingQueue<>();

    @TempDir
    static Path tmp;
    private static SelfSignedTls tls;

    /** One self-signed certificate for the class: keytool takes a few hundred ms. */
    private static synchronized SelfSignedTls tls() throws Exception {
        if (tls == null) {
            tls = SelfSignedTls.create(tmp);
        }
        return tls;
    }

    @AfterEach
    void closeAll() throws Exception {
        Collections.reverse(closeAfter);
        for (AutoCloseable c : closeAfter) {
            c.close();
        }
    }

    private FakeAgent agent() throws Exception {
        FakeAgent a = FakeAgent.start(0);
        closeAfter.add(a);
        return a;
    }

    private ZpmClient client(int port, UnaryOperator<ZpmClientBuilder> tune) {
        ZpmClient c = tune.apply(ZpmClient.builder().host("127.0.0.1").port(port)).build();
        c.onStateChange(states::add);
        closeAfter.add(c);
        return c;
    }

    private void awaitState(ZpmClient.State wanted) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_S);
        List<ZpmClient.State> seen = new ArrayList<>();
        while (System.nanoTime() < deadline) {
            ZpmClient.State s = states.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (s == wanted) {
                return;
            }
            seen.add(s);
        }
        throw new AssertionError("state " + wanted + " not reached; saw " + seen);
    }

    private static <T> T poll(BlockingQueue<T> q) throws InterruptedException {
        T v = q.poll(WAIT_S, TimeUnit.SECONDS);
        assertThat(v).as("nothing arrived within " + WAIT_S + "s").isNotNull();
        return v;
    }

    private static ZpmClientException failureOf(CompletableFuture<?> f) throws Exception {
        ExecutionException e = catchThrowableOfType(ExecutionException.class, () -> f.get(WAIT_S, TimeUnit.SECONDS));
        assertThat(e).as("the future should have failed").isNotNull();
        assertThat(e.getCause()).isInstanceOf(ZpmClientException.class);
        return (ZpmClientException) e.getCause();
    }

    // ---------------------------------------------------------------- connect and auth

    @Test
    void connectAuthenticatesFirstThenCalls() throws Exception {
        FakeAgent agent = agent().requireToken("secret")
                .on("status", (s, r) -> echo(r));
        ZpmClient c = client(agent.port(), b -> b.token("secret"));
        c.connect();
        awaitState(ZpmClient.State.CONNECTED);

        JsonNode result = c.call("status", Map.of("target", "web"));
        assertThat(result.path("echo").path("target").asText()).isEqualTo("web");
        assertThat(c.callAsync("status", (JsonNode) null).get(WAIT_S, TimeUnit.SECONDS).path("method").asText()).isEqualTo("status");

        Request auth = agent.nextRequest();
        assertThat(auth.method()).isEqualTo("auth");
        assertThat(auth.params().path("token").asText()).isEqualTo("secret");
        Request status = agent.nextRequest();
        assertThat(status.method()).isEqualTo("status");
        assertThat(status.id().asLong()).isGreaterThan(auth.id().asLong());
    }

    /** {"method": ..., "echo": params}: what the fake agent was asked. */
    private static JsonNode echo(Request r) {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.put("method", r.method());
        if (r.params() != null) {
            n.set("echo", r.params());
        }
        return n;
    }

    @Test
    void wrongTokenIsAuthFailed() throws Exception {
        FakeAgent agent = agent().requireToken("secret");
        ZpmClient c = client(agent.port(), b -> b.token("wrong"));
        assertThatThrownBy(c::connect)
                .isInstanceOfSatisfying(ZpmClientException.class, e -> assertThat(e.kind()).isEqualTo(ZpmClientException.Kind.AUTH_FAILED))
                .hasMessage("the agent refused the token: check --token / --token-file / ZPM_TOKEN");
        assertThat(c.state()).isEqualTo(ZpmClient.State.DISCONNECTED);
    }

    @Test
    void connectRefusedWhenNothingListens() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        ZpmClient c = client(port, b -> b);
        assertThatThrownBy(c::connect)
                .isInstanceOfSatisfying(ZpmClientException.class, e -> assertThat(e.kind()).isEqualTo(ZpmClientException.Kind.CONNECT_REFUSED))
                .hasMessage("nothing is listening on 127.0.0.1:" + port + ": is the agent running? (start it with bin/zpm-agent)");
    }

    @Test
    void callBeforeConnectFailsDisconnected() {
        ZpmClient c = client(7, b -> b);
        assertThatThrownBy(() -> c.call("status"))
                .isInstanceOfSatisfying(ZpmClientException.class, e -> assertThat(e.kind()).isEqualTo(ZpmClientException.Kind.DISCONNECTED))
                .hasMessageContaining("call connect() first");
    }

    // ---------------------------------------------------------------- calls

    @Test
    void errorAnswerIsThrownAsRpcException() throws Exception {
        FakeAgent agent = agent().on("resize", (s, r) -> {
            throw new RpcException(ErrorCode.UNKNOWN_APP, "no app \"nope\": see apps.list");
        });
        ZpmClient c = client(agent.port(), b -> b);
        c.connect();
        RpcException e = catchThrowableOfType(RpcException.class, () -> c.call("resize", Map.of("app", "nope", "size", 2)));
        assertThat(e.code()).isEqualTo(ErrorCode.UNKNOWN_APP);
        assertThat(e.getMessage()).isEqualTo("no app \"nope\": see apps.list");
        assertThatThrownBy(() -> c.call("no.such")).isInstanceOfSatisfying(RpcException.class,
                x -> assertThat(x.code()).isEqualTo(ErrorCode.METHOD_NOT_FOUND));
    }

    @Test
    void callWithoutAnswerTimesOutAndTheConnectionStaysUsable() throws Exception {
        FakeAgent agent = agent().on("stuck", (s, r) -> FakeAgent.NO_ANSWER).on("status", (s, r) -> IntNode.valueOf(1));
        ZpmClient c = client(agent.port(), b -> b.callTimeout(Duration.ofMillis(200)));
        c.connect();
        assertThatThrownBy(() -> c.call("stuck"))
                .isInstanceOfSatisfying(ZpmClientException.class, e -> assertThat(e.kind()).isEqualTo(ZpmClientException.Kind.TIMEOUT))
                .hasMessage("no answer to \"stuck\" from 127.0.0.1:" + agent.port()
                        + " within 200ms: the agent may be busy; retry, or raise the call timeout");
        assertThat(c.call("status").asInt()).isEqualTo(1);
        assertThat(c.state()).isEqualTo(ZpmClient.State.CONNECTED);
    }

    @Test
    void batchAnswersEachRequestInOrderWithTheCallersIds() throws Exception {
        FakeAgent agent = agent().on("status", (s, r) -> TextNode.valueOf("up")).on("resize", (s, r) -> {
            throw new RpcException(ErrorCode.INVALID_PARAMS, "missing param \"size\"");
        });
        ZpmClient c = client(agent.port(), b -> b);
        c.connect();
        List<Response> out = c.batch(List.of(
                new Request(TextNode.valueOf("a"), "status", null),
                new Request(null, "status", null),
                new Request(IntNode.valueOf(1), "resize", null)));

        assertThat(out).hasSize(2);
        assertThat(out.get(0)).isEqualTo(Response.ok(TextNode.valueOf("a"), TextNode.valueOf("up")));
        assertThat(out.get(1).id()).isEqualTo(IntNode.valueOf(1));
        assertThat(out.get(1).error().code()).isEqualTo(ErrorCode.INVALID_PARAMS.code());
        assertThat(agent.nextLine()).startsWith("[").endsWith("]");
        assertThat(c.batch(List.of())).isEmpty();
    }

    @Test
    void slowListenerDoesNotStallAnswers() throws Exception {
        FakeAgent agent = agent().on("status", (s, r) -> {
            s.notify("log", echo(r));
            return IntNode.valueOf(7);
        });
        ZpmClient c = client(agent.port(), b -> b);
        CountDownLatch release = new CountDownLatch(1);
        BlockingQueue<Notification> got = new LinkedBlockingQueue<>();
        c.onNotification(n -> {
            got.add(n);
            awaitQuietly(release);
        });
        c.connect();
        assertThat(c.call("status").asInt()).isEqualTo(7);   // answered while the listener is blocked
        assertThat(c.call("status").asInt()).isEqualTo(7);
        assertThat(poll(got).method()).isEqualTo("log");
        release.countDown();
        assertThat(poll(got).method()).isEqualTo("log");
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(WAIT_S, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---------------------------------------------------------------- events

    @Test
    void subscriptionsGetTheirOwnEventsAndDrops() throws Exception {
        FakeAgent agent = agent();
        ZpmClient c = client(agent.port(), b -> b);
        BlockingQueue<Notification> others = new LinkedBlockingQueue<>();
        c.onNotification(others::add);
        c.connect();
        BlockingQueue<LifecycleEvent> exits = new LinkedBlockingQueue<>();
        BlockingQueue<LifecycleEvent> all = new LinkedBlockingQueue<>();
        BlockingQueue<Long> drops = new LinkedBlockingQueue<>();
        Subscription s1 = c.subscribe(List.of("exit"), "web", exits::add, drops::add);
        Subscription s2 = c.subscribe(null, null, all::add);
        assertThat(s1.id()).isEqualTo("s1");
        assertThat(s2.id()).isEqualTo("s2");
        assertThat(agent.nextRequest().params()).isEqualTo(agent.object().put("app", "web").set("types",
                agent.object().arrayNode().add("exit")));
        assertThat(agent.nextRequest().params()).isEqualTo(agent.object());

        agent.notifyAll("event", agent.object().put("subscription", "s2").set("event", event(agent, 1, "fork")));
        // An event type this client does not know (a newer agent) is skipped, not delivered half-read.
        agent.notifyAll("event", agent.object().put("subscription", "s1").set("event", event(agent, 2, "future-type")));
        agent.notifyAll("event", agent.object().put("subscription", "s1").set("event", event(agent, 3, "exit")));
        agent.notifyAll("events.dropped", agent.object().put("subscription", "s1").put("dropped", 5));
        agent.notifyAll("log", agent.object().put("line", "hello"));

        assertThat(poll(all).seq()).isEqualTo(1);
        LifecycleEvent exit = poll(exits);
        assertThat(exit.seq()).isEqualTo(3);
        assertThat(exit).isInstanceOfSatisfying(LifecycleEvent.Exit.class, x -> assertThat(x.code()).isEqualTo(1));
        assertThat(poll(drops)).isEqualTo(5L);
        assertThat(poll(others)).isEqualTo(new Notification("log", agent.object().put("line", "hello")));
        assertThat(exits).isEmpty();
        assertThat(all).isEmpty();

        s1.close();
        Request unsubscribe = agent.nextRequest();
        assertThat(unsubscribe.method()).isEqualTo("events.unsubscribe");
        assertThat(unsubscribe.params()).isEqualTo(agent.object().put("subscription", "s1"));
        assertThat(s1.isClosed()).isTrue();
    }

    @Test
    void eventsSentBeforeAnAnswerAreDeliveredOnceDeliveredCompletesAfterIt() throws Exception {
        FakeAgent agent = agent();
        agent.on("resize", (session, r) -> {
            session.notify("event", agent.object().put("subscription", "s1").set("event", event(agent, 5, "exit")));
            return agent.object().put("resized", true);
        });
        ZpmClient c = client(agent.port(), b -> b);
        c.connect();
        CountDownLatch listenerMayGo = new CountDownLatch(1);
        BlockingQueue<LifecycleEvent> seen = new LinkedBlockingQueue<>();
        c.subscribe(null, "web", e -> {
            awaitQuietly(listenerMayGo); // a listener slower than the answer (a cold terminal, say)
            seen.add(e);
        });

        assertThat(c.call("resize").path("resized").asBoolean()).isTrue();
        CompletableFuture<Void> delivered = c.delivered();
        assertThat(seen).isEmpty();
        assertThat(delivered).isNotDone();
        listenerMayGo.countDown();
        delivered.get(WAIT_S, TimeUnit.SECONDS);
        assertThat(seen).extracting(LifecycleEvent::seq).containsExactly(5L);

        c.close();
        assertThat(c.delivered()).isDone();
    }

    /** An event as the agent writes it: the common fields and, for an exit, code 1. */
    private static ObjectNode event(FakeAgent agent, long seq, String type) {
        ObjectNode e = agent.object().put("seq", seq).put("ts", "2026-11-22T05:00:00Z").put("type", type).put("app", "web");
        e.putObject("worker").put("id", 7).put("slot", 0).put("pid", 4242);
        return type.equals("exit") ? e.put("code", 1).putNull("signal").put("expected", false).put("uptimeMs", 20) : e;
    }

    // ---------------------------------------------------------------- losing the connection

    @Test
    void agentClosingFailsPendingCallsAtOnce() throws Exception {
        FakeAgent agent = agent().on("restart", (s, r) -> FakeAgent.NO_ANSWER);
        ZpmClient c = client(agent.port(), b -> b.callTimeout(Duration.ofMinutes(5)));
        c.connect();
        FakeAgent.Session session = agent.nextSession();
        CompletableFuture<JsonNode> pending = c.callAsync("restart", Map.of("target", "all"));
        assertThat(agent.nextRequest().method()).isEqualTo("restart");
        session.close();

        ZpmClientException e = failureOf(pending);
        assertThat(e.kind()).isEqualTo(ZpmClientException.Kind.DISCONNECTED);
        assertThat(e.getMessage()).contains("127.0.0.1:" + agent.port());
        awaitState(ZpmClient.State.DISCONNECTED);
        // Nothing was ever received on it, so the message adds the (conditional) TLS hint.
        assertThat(c.lastFailure().getMessage()).startsWith("the agent at 127.0.0.1:" + agent.port() + " closed the connection");
        assertThatThrownBy(() -> c.call("status")).isInstanceOfSatisfying(ZpmClientException.class,
                x -> assertThat(x.kind()).isEqualTo(ZpmClientException.Kind.DISCONNECTED));
    }

    @Test
    void reconnectsAfterTheAgentRestartsThenAuthenticatesAndSubscribesAgain() throws Exception {
        FakeAgent first = FakeAgent.start(0).requireToken("t");
        closeAfter.add(first);
        int port = first.port();
        ZpmClient c = client(port, b -> b.token("t").reconnect(true));
        c.connect();
        BlockingQueue<LifecycleEvent> events = new LinkedBlockingQueue<>();
        Subscription sub = c.subscribe(List.of("exit"), "web", events::add);
        assertThat(first.nextRequest().method()).isEqualTo("auth");
        assertThat(first.nextRequest().method()).isEqualTo("events.subscribe");
        awaitState(ZpmClient.State.CONNECTED);

        first.close();
        awaitState(ZpmClient.State.DISCONNECTED);
        awaitState(ZpmClient.State.RECONNECTING);
        FakeAgent second = FakeAgent.start(port).requireToken("t")
                .on("status", (s, r) -> TextNode.valueOf("back"));
        closeAfter.add(second);
        second.on("events.subscribe", (s, r) -> second.object().put("subscription", "s9"));
        awaitState(ZpmClient.State.CONNECTED);

        Request auth = second.nextRequest();
        assertThat(auth.method()).isEqualTo("auth");
        assertThat(auth.params().path("token").asText()).isEqualTo("t");
        Request again = second.nextRequest();
        assertThat(again.method()).isEqualTo("events.subscribe");
        assertThat(again.params()).isEqualTo(second.object().put("app", "web").set("types", second.object().arrayNode().add("exit")));
        assertThat(sub.id()).isEqualTo("s9");
        assertThat(c.call("status").asText()).isEqualTo("back");

        second.notifyAll("event", second.object().put("subscription", "s9").set("event", event(second, 3, "exit")));
        assertThat(poll(events).seq()).isEqualTo(3);
    }

    @Test
    void reconnectGivesUpWhenTheRestartedAgentRefusesTheToken() throws Exception {
        FakeAgent first = FakeAgent.start(0).requireToken("old");
        closeAfter.add(first);
        ZpmClient c = client(first.port(), b -> b.token("old").reconnect(true));
        c.connect();
        awaitState(ZpmClient.State.CONNECTED);
        first.close();
        awaitState(ZpmClient.State.RECONNECTING);
        closeAfter.add(FakeAgent.start(first.port()).requireToken("new"));

        awaitState(ZpmClient.State.DISCONNECTED);
        assertThat(c.lastFailure().kind()).isEqualTo(ZpmClientException.Kind.AUTH_FAILED);
        assertThat(c.state()).isEqualTo(ZpmClient.State.DISCONNECTED);
    }

    @Test
    void aTokenSourceIsAskedAgainAtEveryReconnect() throws Exception {
        // A token rotated (or an agent restarted with a new one) while the client was connected.
        FakeAgent first = FakeAgent.start(0).requireToken("old");
        closeAfter.add(first);
        AtomicReference<String> file = new AtomicReference<>("old");
        ZpmClient c = client(first.port(), b -> b.token(file::get).reconnect(true));
        c.connect();
        awaitState(ZpmClient.State.CONNECTED);
        file.set("new");
        first.close();
        awaitState(ZpmClient.State.RECONNECTING);
        FakeAgent second = FakeAgent.start(first.port()).requireToken("new");
        closeAfter.add(second);

        awaitState(ZpmClient.State.CONNECTED);
        assertThat(second.nextRequest().params().path("token").asText()).isEqualTo("new");
    }

    @Test
    void garbageFromTheServerIsAProtocolError() throws Exception {
        FakeAgent agent = agent().on("status", (s, r) -> {
            s.sendRaw("HTTP/1.1 400 Bad Request");
            return FakeAgent.NO_ANSWER;
        });
        ZpmClient c = client(agent.port(), b -> b.reconnect(true));
        c.connect();
        assertThatThrownBy(() -> c.call("status"))
                .isInstanceOfSatisfying(ZpmClientException.class, e -> assertThat(e.kind()).isEqualTo(ZpmClientException.Kind.PROTOCOL))
                .hasMessageContaining("it sent: HTTP/1.1 400 Bad Request")
                .hasMessageContaining("is this the agent's RPC port");
        awaitState(ZpmClient.State.DISCONNECTED); // and no reconnecting: the same server would say the same
        assertThat(states.poll(300, TimeUnit.MILLISECONDS)).isNull();
    }

    @Test
    void reconnectBackoffDoublesFrom100msUpTo5s() {
        long[] expected = {100, 200, 400, 800, 1600, 3200, 5000, 5000};
        for (int i = 0; i < expected.length; i++) {
            assertThat(ZpmClient.backoffMillis(i)).as("attempt " + i).isEqualTo(expected[i]);
        }
        assertThat(ZpmClient.backoffMillis(1000)).isEqualTo(5000);
    }

    // ---------------------------------------------------------------- TLS

    @Test
    void plainClientToTlsAgentIsTlsMismatch() throws Exception {
        SelfSignedTls tls = tls();
        FakeAgent agent = FakeAgent.start(0, tls.server());
        closeAfter.add(agent);
        ZpmClient c = client(agent.port(), b -> b.token("t"));
        assertThatThrownBy(c::connect)
                .isInstanceOfSatisfying(ZpmClientException.class, e -> assertThat(e.kind()).isEqualTo(ZpmClientException.Kind.TLS_MISMATCH))
                .hasMessage("the agent at 127.0.0.1:" + agent.port() + " speaks TLS but this client connected without it: connect with TLS");
    }

    @Test
    void tlsClientToPlainAgentIsTlsMismatch() throws Exception {
        SelfSignedTls tls = tls();
        FakeAgent agent = agent();
        ZpmClient c = client(agent.port(), b -> b.tls(tls.client()).connectTimeout(Duration.ofSeconds(1)));
        assertThatThrownBy(c::connect)
                .isInstanceOfSatisfying(ZpmClientException.class, e -> assertThat(e.kind()).isEqualTo(ZpmClientException.Kind.TLS_MISMATCH))
                .hasMessageContaining("127.0.0.1:" + agent.port());
    }

    @Test
    void tlsClientToTlsAgentWorks() throws Exception {
        SelfSignedTls tls = tls();
        FakeAgent agent = FakeAgent.start(0, tls.server()).requireToken("t").on("status", (s, r) -> TextNode.valueOf("ok"));
        closeAfter.add(agent);
        ZpmClient c = client(agent.port(), b -> b.tls(tls.client()).token("t"));
        c.connect();
        assertThat(c.call("status").asText()).isEqualTo("ok");
    }

    @Test
    void closeFailsPendingCallsAndReportsClosed() throws Exception {
        FakeAgent agent = agent().on("stuck", (s, r) -> FakeAgent.NO_ANSWER);
        ZpmClient c = client(agent.port(), b -> b);
        c.connect();
        CompletableFuture<JsonNode> pending = c.callAsync("stuck", Map.of());
        assertThat(agent.nextRequest().method()).isEqualTo("stuck");
        c.close();
        assertThat(failureOf(pending).kind()).isEqualTo(ZpmClientException.Kind.DISCONNECTED);
        awaitState(ZpmClient.State.CLOSED);
        assertThat(c.state()).isEqualTo(ZpmClient.State.CLOSED);
        c.close(); // idempotent
    }
}
