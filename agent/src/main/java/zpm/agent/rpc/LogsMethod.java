package zpm.agent.rpc;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import zpm.agent.api.SupervisorApi;
import zpm.agent.core.AppInfo;
import zpm.agent.core.Target;
import zpm.agent.logfiles.LogHistory;
import zpm.agent.logfiles.LogLineFormat;
import zpm.agent.logfiles.LogQuery;
import zpm.agent.logfiles.LogWriter;
import zpm.agent.logfiles.MemoryCover;
import zpm.agent.os.OutputLine;
import zpm.agent.os.WorkerLogs;
import zpm.protocol.api.StreamCalls.LogEntry;
import zpm.protocol.api.StreamCalls.LogsParams;
import zpm.protocol.api.StreamCalls.LogsResult;
import zpm.protocol.jsonrpc.Notification;

import static zpm.protocol.api.StreamCalls.MAX_LINES;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

/**
 * {@code logs} {target?, lines?, follow?, since?, grep?, regex?} → {"lines": [{"workerId","slot",
 * "app","stream","ts","text"}]} (oldest first), and with {@code follow} also {"subscription":
 * "s2"}, then {@code log} notifications {"subscription", "line": {...}} (grep applies to them too).
 * Names and ids are checked through {@link SupervisorApi#status}, so an unknown app or id is
 * -32010 / -32011. The lines come from memory and, for what memory no longer holds, from the log
 * files ({@link LogHistory}, read on a small worker pool, never on the event loop); see
 * {@link MemoryCover} for why no line comes twice.
 */
final class LogsMethod {

    static final String LOG = "log";
    private static final long FLUSH_WAIT_MS = 2_000;

    private final SupervisorApi agent;
    private final RpcLimits limits;
    private final PushStats stats;
    /** Null when files are off: memory only. */
    private final LogHistory files;
    private final WorkerExecutor readers;

    /**
     * @param logDir  the log files' directory, null for none
     * @param readers where files are read (blocking), a small bounded pool
     */
    LogsMethod(SupervisorApi agent, RpcLimits limits, PushStats stats, Path logDir, WorkerExecutor readers) {
        this.agent = agent;
        this.limits = limits;
        this.stats = stats;
        this.files = logDir == null ? null : new LogHistory(logDir);
        this.readers = readers;
    }

    Future<LogsResult> call(Session session, LogsParams params) {
        Target target = CoreTargets.of(params.target());
        boolean follow = params.follow();
        if (follow) {
            EventMethods.requirePush(session, "logs with follow");
        }
        Predicate<String> text = params.textFilter();
        Instant since = params.since() == null ? null : params.since().from(Instant.now());
        Predicate<OutputLine> wanted = l -> (since == null || !l.ts().isBefore(since))
                && (text == null || text.test(l.text()));
        // Filtered, the newest lines of memory may not be enough: look through all it holds.
        boolean filtered = since != null || text != null;
        // listening starts before the tail is read: a line written in between is not lost
        FollowedLines live = follow ? listen(session, matcher(target).and(l -> text == null || text.test(l.text())))
                : null;
        Future<List<OutputLine>> lines = tail(target, filtered ? MAX_LINES : params.lines())
                .compose(memory -> withFiles(target, memory, wanted, since, text, params.lines()));
        return session.back(lines).map(tail -> new LogsResult(
                tail.stream().map(LogsMethod::entry).toList(), live == null ? null : follow(session, live, tail)))
                .onFailure(e -> {
                    if (live != null) {
                        agent.logs().removeListener(live);
                    }
                });
    }

    /**
     * Memory's lines that pass the filters, and the files' for what memory does not hold. Both
     * run on the reader pool: the files block, and a caller's regex is bounded but not free.
     */
    private Future<List<OutputLine>> withFiles(Target target, List<OutputLine> memory, Predicate<OutputLine> wanted,
                                               Instant since, Predicate<String> text, int n) {
        if (n == 0 || (files == null && since == null && text == null)) {
            return Future.succeededFuture(last(memory, n));
        }
        return readers.executeBlocking(() -> {
            List<OutputLine> fromMemory = memory.stream().filter(wanted).toList();
            if (files == null) {
                return last(fromMemory, n);
            }
            awaitWrittenBlocking();
            List<OutputLine> fromFiles = files.tailBlocking(fileQuery(target, since, text, n),
                    MemoryCover.of(memory, wanted));
            return merge(List.of(fromFiles, fromMemory), n);
        }, false);
    }

    /**
     * Lines memory let go of may still be on their way to the files: wait (a little) for the
     * writer to have written what it was given before the memory tail was taken.
     */
    private void awaitWrittenBlocking() {
        LogWriter writer = agent.logFiles();
        if (writer == null) {
            return;
        }
        try {
            writer.flushed().get(FLUSH_WAIT_MS, TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            // a slow or failing disk: answer with what the files hold now
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Worker ids are unique only within one agent's life, so for ids the files give only lines
     * written since this agent started: an older agent's worker 7 is another worker.
     */
    private LogQuery fileQuery(Target target, Instant since, Predicate<String> text, int n) {
        if (target instanceof Target.App a) {
            return new LogQuery(Set.of(a.name()), LogQuery.BOTH_STREAMS, since, text, Set.of(), n);
        }
        if (target instanceof Target.Ids t) {
            Instant started = Instant.ofEpochMilli(agent.startedAtMs());
            return new LogQuery(null, LogQuery.BOTH_STREAMS, since == null || since.isBefore(started) ? started : since,
                    text, Set.copyOf(t.ids()), n);
        }
        // every app with files, also those deleted since (or known only to an earlier agent)
        return new LogQuery(null, LogQuery.BOTH_STREAMS, since, text, Set.of(), n);
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

    /** Stable by time: at equal times a part's lines keep their order and come after the earlier parts'. */
    private static List<OutputLine> merge(List<List<OutputLine>> parts, int n) {
        List<OutputLine> all = new ArrayList<>();
        parts.forEach(all::addAll);
        all.sort(Comparator.comparing(OutputLine::ts));
        return last(all, n);
    }

    private static List<OutputLine> last(List<OutputLine> lines, int n) {
        return List.copyOf(lines.subList(Math.max(0, lines.size() - n), lines.size()));
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

    private FollowedLines listen(Session session, Predicate<OutputLine> wanted) {
        FollowedLines live = new FollowedLines(wanted, limits.subscriberQueue(), session.hop()::later);
        agent.logs().addListener(live);
        return live;
    }

    /** The subscription of a followed call, on the session's context; null when it closed meanwhile. */
    private String follow(Session session, FollowedLines live, List<OutputLine> tail) {
        if (session.isClosed()) {
            agent.logs().removeListener(live);
            return null;
        }
        PushQueue sub = session.subscribe(limits.subscriberQueue(), stats);
        sub.onCancel(() -> agent.logs().removeListener(live));
        live.start(sub, tail, line -> notification(sub.id(), line), session::pump);
        return sub.id();
    }

    static Notification notification(String subscription, OutputLine line) {
        ObjectNode p = JsonNodeFactory.instance.objectNode();
        p.put("subscription", subscription);
        p.set("line", entry(line).toJson());
        return new Notification(LOG, p);
    }

    /** The line on the wire, its time as in the files: always 24 characters, milliseconds included. */
    static LogEntry entry(OutputLine l) {
        return new LogEntry(l.workerId(), l.slot(), l.app(), l.stream(), LogLineFormat.timestamp(l.ts()), l.text());
    }
}
