package zpm.repl.command;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.TextNode;
import zpm.protocol.api.TargetParam;

import java.util.List;

/**
 * What people type as a target, as the wire's {@code target}: "all", one app name, or worker
 * ids (one id as a number, several as a list). In a fleet each may be qualified by a node:
 * {@code b/web}, {@code b/all}, {@code b/3}; a qualified id goes as the string "b/3" (a plain id
 * stays a number: the connected node's worker), and a list may mix both.
 */
public final class Targets {

    public static final String HINT = "all, an app name, or worker ids";

    private Targets() {
    }

    /** @throws UsageException when the words are empty, mix names and ids, or name two apps */
    public static JsonNode parse(List<String> words) {
        if (words.isEmpty()) {
            throw new UsageException("which workers? give " + HINT);
        }
        words.forEach(Targets::checkNode);
        if (words.stream().allMatch(Targets::isAnyId)) {
            if (words.size() == 1) {
                return id(words.get(0));
            }
            ArrayNode ids = JsonNodeFactory.instance.arrayNode();
            words.forEach(w -> ids.add(id(w)));
            return ids;
        }
        if (words.size() > 1) {
            throw new UsageException("give one app name, or \"all\", or only worker ids (got " + String.join(" ", words)
                    + ")");
        }
        String w = words.get(0);
        if (w.startsWith("-")) {
            throw new UsageException("not a target: " + w + " (give " + HINT + ")");
        }
        return TextNode.valueOf(w);
    }

    /** The app a target names, or null for "all" and ids: whose events show a command's progress. */
    public static String appOf(JsonNode target) {
        if (!target.isTextual()) {
            return null;
        }
        String rest = unqualified(target.asText());
        return rest.equals("all") || isAnyId(target.asText()) ? null : rest;
    }

    /** "3" or "b/3": a worker id, plain (the connected node's) or qualified by its node. */
    public static boolean isAnyId(String word) {
        return Numbers.isWorkerId(unqualified(word));
    }

    /** The node a target names ("b" of "b/web"), or null when it names none (or several: a list). */
    public static String nodeOf(JsonNode target) {
        return target.isTextual() ? nodeOf(target.asText()) : null;
    }

    /** The node a word names ("b" of "b/web"), or null when it names none. */
    public static String nodeOf(String word) {
        int slash = word.indexOf('/');
        return slash < 0 ? null : word.substring(0, slash);
    }

    /** "web" of "b/web"; the word itself when it names no node. */
    public static String unqualified(String word) {
        int slash = word.indexOf('/');
        return slash < 0 ? word : word.substring(slash + 1);
    }

    /** True for a node name as the agent accepts it. */
    public static boolean isNodeName(String name) {
        return TargetParam.NODE_NAME.matcher(name).matches();
    }

    private static JsonNode id(String word) {
        return nodeOf(word) == null ? LongNode.valueOf(Long.parseLong(word)) : TextNode.valueOf(word);
    }

    private static void checkNode(String word) {
        String node = nodeOf(word);
        String rest = unqualified(word);
        if (node != null && (!isNodeName(node) || rest.isEmpty() || rest.contains("/"))) {
            throw new UsageException("not a target: " + word + " (NODE/APP, NODE/ID or NODE/all; a node name is"
                    + " letters, digits, '.', '_' or '-', at most 63)");
        }
    }
}
