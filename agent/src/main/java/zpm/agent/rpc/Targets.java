package zpm.agent.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import zpm.agent.core.Target;
import zpm.protocol.jsonrpc.Params;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads a {@code target} param: omitted or "all", an app name (any other string), a worker id,
 * or a list of ids. Same rules as {@code methods.Targets} (package-private there).
 */
final class Targets {

    static final String EXPECTED = "\"all\", an app name, a worker id or a list of ids";

    private Targets() {
    }

    static Target parse(JsonNode node) {
        if (node == null || node.isNull()) {
            return Target.ALL;
        }
        if (node.isTextual()) {
            String s = node.asText();
            if (s.isEmpty()) {
                throw Params.invalid("target", EXPECTED, node);
            }
            return s.equals("all") ? Target.ALL : Target.app(s);
        }
        if (node.isIntegralNumber() && node.canConvertToLong() && node.asLong() > 0) {
            return Target.ids(node.asLong());
        }
        if (node.isArray() && !node.isEmpty()) {
            List<Long> ids = new ArrayList<>();
            for (JsonNode e : node) {
                if (!e.isIntegralNumber() || !e.canConvertToLong() || e.asLong() <= 0) {
                    throw Params.invalid("target", EXPECTED, node);
                }
                ids.add(e.asLong());
            }
            return Target.ids(ids);
        }
        throw Params.invalid("target", EXPECTED, node);
    }
}
