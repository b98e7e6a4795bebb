package zpm.repl.command;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import zpm.protocol.api.Method;
import zpm.protocol.api.WorkerCalls;
import zpm.repl.render.OperationText;
import zpm.repl.render.PerNode;

import java.util.List;
import java.util.Locale;

/** {@code signal SIG all|APP|ID...}: send a signal to workers' main processes. */
public final class SignalCommand implements Command {

    /** For Tab; the agent decides what it accepts. */
    public static final List<String> NAMES =
            List.of("HUP", "INT", "QUIT", "KILL", "USR1", "USR2", "TERM", "CONT", "STOP", "TSTP", "WINCH");

    @Override
    public String name() {
        return "signal";
    }

    @Override
    public String usage() {
        return "SIG all|APP|ID...";
    }

    @Override
    public Method<?, ?> method() {
        return WorkerCalls.SIGNAL;
    }

    @Override
    public Invocation parse(List<String> args) {
        List<String> words = Args.parse(name(), args).positionals();
        if (words.size() < 2) {
            throw new UsageException("give a signal and a target, e.g. signal HUP web");
        }
        String sig = normalize(words.get(0));
        JsonNode target = Targets.parse(words.subList(1, words.size()));
        return ctx -> {
            ObjectNode p = ctx.params().put("signal", sig);
            p.set("target", target);
            JsonNode r = ctx.call(method().name(), p);
            ctx.result(r, () -> PerNode.text(r, Targets.nodeOf(target), OperationText::signalled));
        };
    }

    /** "hup", "SIGHUP" and "HUP" all mean HUP; numbers pass as they are. */
    static String normalize(String s) {
        String u = s.toUpperCase(Locale.ROOT);
        return u.startsWith("SIG") ? u.substring(3) : u;
    }
}
