package zpm.repl.command;

import zpm.protocol.api.Method;
import zpm.protocol.api.StreamCalls;
import zpm.protocol.event.EventType;
import zpm.repl.render.EventLine;

import java.util.ArrayList;
import java.util.List;

/** {@code events [TYPE...] [--app APP]}: lifecycle events as they happen, until Ctrl-C. */
public final class EventsCommand implements Command {

    private static final Args.Option APP = Args.Option.value("--app", "-a");

    /** The event types' wire names, for checking and for Tab. */
    public static List<String> types() {
        List<String> names = new ArrayList<>();
        for (EventType t : EventType.values()) {
            names.add(t.wireName());
        }
        return names;
    }

    @Override
    public String name() {
        return "events";
    }

    @Override
    public String usage() {
        return "[TYPE...] [--app APP]";
    }

    @Override
    public Method<?, ?> method() {
        return StreamCalls.SUBSCRIBE;
    }

    @Override
    public String summary() {
        return "lifecycle events (fork, online, exit, ...) as they happen, until Ctrl-C";
    }

    @Override
    public String details() {
        return "Types: " + String.join(", ", types()) + ".\nExample: events exit backoff fatal --app web";
    }

    @Override
    public List<String> flags() {
        return List.of("--app");
    }

    @Override
    public ArgKind argKind(List<String> before) {
        boolean afterApp = !before.isEmpty() && (before.get(before.size() - 1).equals("--app")
                || before.get(before.size() - 1).equals("-a"));
        return afterApp ? ArgKind.APP : Command.super.argKind(before);
    }

    @Override
    public Invocation parse(List<String> args) {
        Args a = Args.parse(name(), args, APP);
        List<String> known = types();
        for (String t : a.positionals()) {
            if (!known.contains(t)) {
                String hint = DidYouMean.hint(t, known);
                throw new UsageException("no event type \"" + t + "\"" + (hint.isEmpty()
                        ? " (types: " + String.join(", ", known) + ")" : ": " + hint));
            }
        }
        List<String> types = List.copyOf(a.positionals());
        String app = a.value("--app");
        return ctx -> {
            boolean fleet = !ctx.json() && ctx.fleet();
            if (ctx.interactive() && !ctx.json()) {
                ctx.print("watching " + (types.isEmpty() ? "all events" : String.join(", ", types) + " events")
                        + (app == null ? "" : " of " + app) + " (Ctrl-C to stop)", false);
            }
            ctx.followEvents(types, app, e -> {
                if (ctx.json()) {
                    ctx.result(e.toJson(), null);
                } else {
                    ctx.print(EventLine.render(e, ctx.zone(), ctx.color(), fleet), false);
                }
            });
        };
    }
}
