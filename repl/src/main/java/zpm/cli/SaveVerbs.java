package zpm.cli;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;

/** {@code zpm save} and {@code zpm resurrect}: the agent's apps.save / apps.resurrect, by name. */
final class SaveVerbs {

    private SaveVerbs() {
    }

    static Verb save() {
        return Verb.of("save", List.of(), "write the running apps and their sizes to <state dir>/saved.json",
                "An agent that zpm starts with no config file starts them again; so does zpm resurrect.", List.of(),
                List.of(), true, (p, cli) -> cli.run(ctx -> {
                    JsonNode r = ctx.call("apps.save", ctx.params());
                    ctx.result(r, () -> "saved " + names(r.path("apps")) + " to " + r.path("path").asText());
                }, List.of("save"), p.json()));
    }

    static Verb resurrect() {
        return Verb.of("resurrect", List.of(), "start every saved app that is not running, at its saved size",
                "Starts an agent first when none runs. Running it again changes nothing.", List.of(), List.of(), true,
                (p, cli) -> cli.run(ctx -> {
                    JsonNode r = ctx.call("apps.resurrect", ctx.params());
                    ctx.result(r, () -> "started " + names(r.path("started")) + "; already running "
                            + names(r.path("running")) + " (from " + r.path("path").asText() + ")");
                }, List.of("resurrect"), p.json()));
    }

    private static String names(JsonNode array) {
        List<String> names = new ArrayList<>();
        array.forEach(n -> names.add(n.asText()));
        return names.isEmpty() ? "none" : String.join(", ", names);
    }
}
