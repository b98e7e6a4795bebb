package zpm.repl.command;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import zpm.protocol.api.Method;
import zpm.protocol.api.WorkerCalls;
import zpm.protocol.jsonrpc.JsonTree;
import zpm.repl.render.OperationText;
import zpm.repl.render.PerNode;

import java.io.IOException;
import java.util.List;

/**
 * {@code send all|APP|ID... DATA}: data to workers over their control channels (Node's
 * {@code worker.send}). DATA is the last word: JSON when it parses as JSON ({@code send web
 * {"reload": true}}: the console keeps a word that starts with '{' or '[' as typed), else the word
 * as a string. A word that starts like JSON but does not parse is refused, never sent as a string
 * the worker did not expect.
 */
public final class SendCommand implements Command {

    @Override
    public String name() {
        return "send";
    }

    @Override
    public String usage() {
        return "all|APP|ID... DATA";
    }

    @Override
    public Method<?, ?> method() {
        return WorkerCalls.SEND;
    }

    @Override
    public Invocation parse(List<String> args) {
        List<String> words = Args.parse(name(), args).positionals();
        if (words.size() < 2) {
            throw new UsageException("give a target and the data, e.g. send web {\"reload\": true}");
        }
        JsonNode target = Targets.parse(words.subList(0, words.size() - 1));
        JsonNode data = data(words.get(words.size() - 1));
        return ctx -> {
            ObjectNode p = ctx.params();
            p.set("target", target);
            p.set("data", data);
            JsonNode r = ctx.call(method().name(), p);
            ctx.result(r, () -> PerNode.text(r, Targets.nodeOf(target), OperationText::sent));
        };
    }

    static JsonNode data(String word) {
        try {
            JsonNode n = JsonTree.read(word);
            return n == null ? TextNode.valueOf(word) : n;
        } catch (IOException e) {
            if (word.startsWith("{") || word.startsWith("[")) {
                throw new UsageException("the data " + word + " looks like JSON but does not parse (" + firstLine(e)
                        + "): write JSON, e.g. send web {\"reload\": true}, or a JSON string: send web '\"" + word + "\"'");
            }
            return TextNode.valueOf(word);
        }
    }

    private static String firstLine(IOException e) {
        String m = String.valueOf(e.getMessage());
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }
}
