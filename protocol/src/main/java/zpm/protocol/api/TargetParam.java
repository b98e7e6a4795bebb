package zpm.protocol.api;

import com.fasterxml.jackson.databind.JsonNode;
import zpm.protocol.jsonrpc.Params;

import java.util.ArrayList;
import java.util.List;

/** The {@code target} param: every worker, an app's workers, or workers by id. */
public sealed interface TargetParam {

    /** What the error of a bad target says was expected. */
    String EXPECTED = "\"all\", an app name, a worker id or a list of worker ids";

    /** Every worker of every app ({@code "all"}, or the param left out). */
    record All() implements TargetParam {
    }

    /** Every worker of one app. */
    record App(String name) implements TargetParam {
    }

    /** These workers (a non-empty list of ids > 0). */
    record Ids(List<Long> ids) implements TargetParam {
        public Ids {
            ids = List.copyOf(ids);
        }
    }

    TargetParam ALL = new All();

    /** The target of checked params: absent or null means all. */
    static TargetParam read(Params params) {
        if (!params.has("target")) {
            return ALL;
        }
        JsonNode t = params.raw("target");
        if (t.isTextual()) {
            String s = t.asText();
            if (s.isEmpty()) {
                throw Params.invalid("target", EXPECTED, t);
            }
            return s.equals("all") ? ALL : new App(s);
        }
        if (t.isIntegralNumber() && t.asLong() > 0) {
            return new Ids(List.of(t.asLong()));
        }
        if (t.isArray() && !t.isEmpty()) {
            List<Long> ids = new ArrayList<>();
            for (JsonNode e : t) {
                if (!e.isIntegralNumber() || e.asLong() <= 0) {
                    throw Params.invalid("target", EXPECTED, t);
                }
                ids.add(e.asLong());
            }
            return new Ids(ids);
        }
        throw Params.invalid("target", EXPECTED, t);
    }
}
