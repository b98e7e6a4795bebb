package zpm.protocol.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import zpm.protocol.jsonrpc.Params;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * What streams to a connection: {@code logs} (and with {@code follow}, {@code log} notifications),
 * {@code events.subscribe} ({@code event} notifications) and {@code events.unsubscribe}. The
 * connection answers these itself: they need the caller's connection.
 */
public final class StreamCalls {

    /** Lines {@code logs} returns unless asked. */
    public static final int DEFAULT_LINES = 100;
    /** The most lines one {@code logs} call returns. */
    public static final int MAX_LINES = 10_000;

    private StreamCalls() {
    }

    /** The longest {@code grep} accepted, in characters. */
    public static final int MAX_GREP = 1024;

    /**
     * {@code logs} params.
     *
     * @param since null for all the history kept
     * @param grep  null for every line; else a substring (case-sensitive), or with {@code regex} a
     *              Java regex found anywhere in the line's text
     */
    public record LogsParams(TargetParam target, int lines, boolean follow, Since since, String grep, boolean regex) {

        /** Without since and grep. */
        public LogsParams(TargetParam target, int lines, boolean follow) {
            this(target, lines, follow, null, null, false);
        }

        static LogsParams read(Params p) {
            int lines = (int) p.integer("lines", 0, MAX_LINES, DEFAULT_LINES);
            boolean follow = p.bool("follow", false);
            Since since = p.has("since") ? Since.read(p, "since") : null;
            String grep = p.string("grep", null);
            boolean regex = p.bool("regex", false);
            if (grep != null && grep.length() > MAX_GREP) {
                throw Params.invalid("grep", "at most " + MAX_GREP + " characters", p.raw("grep"));
            }
            if (grep != null && regex) {
                try {
                    Pattern.compile(grep);
                } catch (PatternSyntaxException e) {
                    throw Params.invalid("grep", "a valid Java regex with regex true (" + e.getDescription()
                            + " near index " + e.getIndex() + "), or a plain substring with regex false", p.raw("grep"));
                }
            }
            return new LogsParams(TargetParam.read(p), lines, follow, since, grep, regex);
        }

        /** What {@code grep} and {@code regex} keep of a line's text; null when every line is kept. */
        public Predicate<String> textFilter() {
            if (grep == null) {
                return null;
            }
            if (regex) {
                return RegexBudget.find(Pattern.compile(grep));
            }
            String needle = grep;
            return text -> text.contains(needle);
        }
    }

    /**
     * {@code logs} {@code since}: an instant ({@code at}), or a duration back from the call
     * ({@code back}); exactly one is set.
     */
    public record Since(Instant at, Duration back) {

        /** The forms, as an error names them. */
        static final String FORMS = "an ISO 8601 instant like 2026-12-06T07:30:00Z, or a duration back from now"
                + " like 30s, 10m, 2h or 1d";
        private static final Pattern DURATION = Pattern.compile("([0-9]{1,9})([smhd])");

        /** The instant meant, for a call made at {@code now}. */
        public Instant from(Instant now) {
            return at != null ? at : now.minus(back);
        }

        static Since read(Params p, String name) {
            JsonNode v = p.raw(name);
            String s = v.isTextual() ? v.asText().strip() : "";
            Matcher m = DURATION.matcher(s);
            if (m.matches()) {
                long n = Long.parseLong(m.group(1));
                return new Since(null, switch (m.group(2)) {
                    case "s" -> Duration.ofSeconds(n);
                    case "m" -> Duration.ofMinutes(n);
                    case "h" -> Duration.ofHours(n);
                    default -> Duration.ofDays(n);
                });
            }
            try {
                return new Since(OffsetDateTime.parse(s).toInstant(), null);
            } catch (DateTimeParseException e) {
                throw Params.invalid(name, FORMS, v);
            }
        }
    }

    /** One line a worker wrote: in {@code logs} results and {@code log} notifications. */
    public record LogEntry(long workerId, int slot, String app, String stream, String ts, String text) {
        /** {"workerId", "slot", "app", "stream", "ts", "text"}. */
        public ObjectNode toJson() {
            ObjectNode n = JsonNodeFactory.instance.objectNode();
            n.put("workerId", workerId);
            n.put("slot", slot);
            n.put("app", app);
            n.put("stream", stream);
            n.put("ts", ts);
            n.put("text", text);
            return n;
        }
    }

    /** {@code logs} result: {"lines": [...]}, and {"subscription"} when following. */
    public record LogsResult(List<LogEntry> lines, String subscription) {
        JsonNode toJson() {
            ObjectNode n = JsonNodeFactory.instance.objectNode();
            ArrayNode list = n.putArray("lines");
            lines.forEach(l -> list.add(l.toJson()));
            if (subscription != null) {
                n.put("subscription", subscription);
            }
            return n;
        }
    }

    /** {@code events.subscribe} params: no types means every type. */
    public record SubscribeParams(List<String> types, String app) {
        static SubscribeParams read(Params p) {
            return new SubscribeParams(p.strings("types"), p.string("app", null));
        }
    }

    /** {@code events.subscribe} result: {"subscription": "s1"}. */
    public record Subscribed(String subscription) {
        JsonNode toJson() {
            return JsonNodeFactory.instance.objectNode().put("subscription", subscription);
        }
    }

    /** {@code events.unsubscribe} params. */
    public record UnsubscribeParams(String subscription) {
        static UnsubscribeParams read(Params p) {
            return new UnsubscribeParams(p.string("subscription"));
        }
    }

    /** {@code events.unsubscribe} result: {"unsubscribed": true}. */
    public record Unsubscribed() {
        JsonNode toJson() {
            return JsonNodeFactory.instance.objectNode().put("unsubscribed", true);
        }
    }

    public static final Method<LogsParams, LogsResult> LOGS = Method.of("logs", false,
            "last lines of workers' output; follow streams new ones as log notifications",
            List.of(Param.TARGET, Param.optional("lines", Param.Kind.VALUE, "integer (default 100)"),
                    Param.optional("follow", Param.Kind.VALUE, "boolean"),
                    Param.optional("since", Param.Kind.VALUE, "ISO 8601 instant | 30s, 10m, 2h, 1d back"),
                    Param.optional("grep", Param.Kind.VALUE, "substring (or regex)"),
                    Param.optional("regex", Param.Kind.VALUE, "boolean: grep is a Java regex")),
            LogsParams::read, LogsResult::toJson).answeredByConnection();

    public static final Method<SubscribeParams, Subscribed> SUBSCRIBE = Method.of("events.subscribe", false,
            "receive lifecycle events as event notifications",
            List.of(Param.optional("types", Param.Kind.EVENT_TYPES, "[event type]"),
                    Param.optional("app", Param.Kind.APP, "string")),
            SubscribeParams::read, Subscribed::toJson).answeredByConnection();

    public static final Method<UnsubscribeParams, Unsubscribed> UNSUBSCRIBE = Method.of("events.unsubscribe",
            false, "end an events or logs subscription",
            List.of(Param.required("subscription", Param.Kind.VALUE, "string")),
            UnsubscribeParams::read, Unsubscribed::toJson).answeredByConnection();

    /** {@code logs.reopen} result: {"reopened": N}, the number of files closed and opened again. */
    public record ReopenedResult(int reopened) {
        JsonNode toJson() {
            return JsonNodeFactory.instance.objectNode().put("reopened", reopened);
        }
    }

    /** Every log file closed and opened again at its path, as SIGUSR1 does: for an external logrotate. */
    public static final Method<AgentCalls.None, ReopenedResult> LOGS_REOPEN = Method.of("logs.reopen", true,
            "close every log file and open it again at its path (after logrotate moved it)", List.of(),
            AgentCalls.None::read, ReopenedResult::toJson);

    /** In wire order. */
    static final List<Method<?, ?>> METHODS = List.of(LOGS, LOGS_REOPEN, SUBSCRIBE, UNSUBSCRIBE);
}
