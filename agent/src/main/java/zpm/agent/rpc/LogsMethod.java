package zpm.agent.rpc;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import zpm.agent.api.SupervisorApi;
import zpm.agent.core.AppInfo;
import zpm.agent.core.Target;
import zpm.agent.os.OutputLine;
import zpm.agent.os.WorkerLogs;
import zpm.protocol.api.StreamCalls.LogEntry;
import zpm.protocol.api.StreamCalls.LogsParams;
import zpm.protocol.api.StreamCalls.LogsResult;
import zpm.protocol.jsonrpc.Notification;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * {@code logs} {target?, lines?, follow?} → {"lines": [{"workerId","app","stream","ts","text"}]}
 * (oldest first), and with {@code follow} also {"subscription": "s2"}, then {@code log}
 * notifications {"subscription", "line": {...}}. Names and ids are checked through
 * {@link SupervisorApi#status}, so an unknown app or id is -32010 / -32011.
 */
final class LogsMethod {

    static final String LOG = "log";

    private final SupervisorApi agent;
    private final RpcLimits limits;
    private final PushStats stats;

    LogsMethod(SupervisorApi agent, RpcLimits limits, PushStats stats) {
        this.agent = agent;
        this.limits = limits;
        this.stats = stats;
    }

    Future<LogsResult> call(Session session, LogsParams params) {
        Target target = CoreTargets.of(params.target());
        boolean follow = params.follow();
        if (follow) {
            EventMethods.requirePush(session, "logs with follow");
        }
        return session.back(tail(target, params.lines())).map(tail -> new LogsResult(
                tail.stream().map(LogsMethod::entry).toList(),
                follow && !session.isClosed() ? follow(session, matcher(target)) : null));
    }

    private Future<List<OutputLine>> tail(Target target, int n) {
        WorkerLogs logs = agent.logs();
        if (target instanceof Target.App a) {
            return agent.status(target).map(ok -> logs.tailOfApp(a.name(), n));
        }
        if (target instanceof Target.Ids t) {
            // Ended workers' lines are still kept: only ids without any line are checked.
            List<Long> unbuffered = t.ids().stream().filter(id -> logs.tail(id, 1).isEmpty()).toList();
            Future<?> check = unbuffered.isEmpty() ? Future.succeededFuture()
                    : agent.status(Target.ids(unbuffered));
            return check.map(ok -> merge(t.ids().stream().map(id -> logs.tail(id, n)).toList(), n));
        }
        return agent.apps().map(apps -> merge(apps.stream().map(AppInfo::name)
                .map(app -> logs.tailOfApp(app, n)).toList(), n));
    }

    private static List<OutputLine> merge(List<List<OutputLine>> parts, int n) {
        List<OutputLine> all = new ArrayList<>();
        parts.forEach(all::addAll);
        all.sort(Comparator.comparing(OutputLine::ts));
        return List.copyOf(all.subList(Math.max(0, all.size() - n), all.size()));
    }

    private static Predicate<OutputLine> matcher(Target target) {
        if (target instanceof Target.App a) {
            return l -> a.name().equals(l.app());
        }
        if (target instanceof Target.Ids t) {
            Set<Long> ids = Set.copyOf(t.ids());
            return l -> ids.contains(l.workerId());
        }
        return l -> true;
    }

    /**
     * Lines arrive on the launcher's io thread: each hops onto the session's context. The hops
     * in flight are bounded like the queue; lines beyond are dropped and counted right there.
     */
    private String follow(Session session, Predicate<OutputLine> wanted) {
        PushQueue sub = session.subscribe(limits.subscriberQueue(), stats);
        AtomicInteger hops = new AtomicInteger();
        AtomicLong lostInHop = new AtomicLong();
        Consumer<OutputLine> listener = line -> {
            if (!wanted.test(line)) {
                return;
            }
            if (hops.incrementAndGet() > limits.subscriberQueue()) {
                hops.decrementAndGet();
                lostInHop.incrementAndGet();
                return;
            }
            // The lines lost so far were lost just before this one: the notice goes right here.
            long lost = lostInHop.getAndSet(0);
            session.hop().later(() -> {
                hops.decrementAndGet();
                if (lost > 0) {
                    sub.dropped(lost);
                }
                sub.offer(notification(sub.id(), line));
                session.pump();
            });
        };
        agent.logs().addListener(listener);
        sub.onCancel(() -> agent.logs().removeListener(listener));
        return sub.id();
    }

    static Notification notification(String subscription, OutputLine line) {
        ObjectNode p = JsonNodeFactory.instance.objectNode();
        p.put("subscription", subscription);
        p.set("line", entry(line).toJson());
        return new Notification(LOG, p);
    }

    static LogEntry entry(OutputLine l) {
        return new LogEntry(l.workerId(), l.slot(), l.app(), l.stream(), l.ts().toString(), l.text());
    }
}
