package zpm.agent.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import zpm.agent.core.Target;
import zpm.protocol.jsonrpc.Params;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads the {@code target} param of every method that takes one: "all" (or absent), an app
 * name, a worker id, or a list of ids.
 */
public final class Targets {

    static final String EXPECTED = "\"all\", an app name, a worker id or a list of worker ids";

    private Targets() {
    }

    public static Target read(Params params) {
        if (!params.has("target")) {
            return Target.ALL;
        }
        JsonNode t = params.raw("target");
        if (t.isTextual()) {
            String s = t.asText();
            if (s.isEmpty()) {
                throw Params.invalid("target", EXPECTED, t);
            }
            return s.equals("all") ? Target.ALL : Target.app(s);
        }
        if (t.isIntegralNumber() && t.asLong() > 0) {
            return Target.ids(List.of(t.asLong()));
        }
        if (t.isArray() && !t.isEmpty()) {
            List<Long> ids = new ArrayList<>();
            for (JsonNode e : t) {
                if (!e.isIntegralNumber() || e.asLong() <= 0) {
                    throw Params.invalid("target", EXPECTED, t);
                }
                ids.add(e.asLong());
            }
            return Target.ids(ids);
        }
        throw Params.invalid("target", EXPECTED, t);
    }
}
