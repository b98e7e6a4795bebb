package zpm.cli;

import picocli.CommandLine.Model.OptionSpec;

import java.util.List;

/**
 * One verb of {@code zpm}: its words, help texts, options and what it does.
 *
 * @param positionals labels: "APP" one, "[APP]" optional, "ARGS..." one or more, "[APP...]" any
 * @param json        true when it prints data and so takes --json
 */
record Verb(String name, List<String> aliases, String summary, String details, List<String> positionals,
            List<OptionSpec> options, boolean json, Action action) {

    /** Runs the verb; returns the exit code. Throws UsageException for bad arguments. */
    @FunctionalInterface
    interface Action {
        int run(Parsed p, Cli cli);
    }

    /** Every verb, in help order; made anew each time (picocli keeps parsed values in the specs). */
    static List<Verb> all() {
        return List.of(
                StartVerb.verb(),
                AgentVerbs.ls(),
                AgentVerbs.logs(),
                AgentVerbs.restart(),
                AgentVerbs.stop(),
                AgentVerbs.delete(),
                AgentVerbs.scale(),
                AgentVerbs.describe(),
                AgentVerbs.nodes(),
                AgentVerbs.signal(),
                AgentVerbs.send(),
                LocalVerbs.console(),
                LocalVerbs.monit(),
                SaveVerbs.save(),
                SaveVerbs.resurrect(),
                LocalVerbs.startup(),
                LocalVerbs.unstartup(),
                LocalVerbs.kill(),
                LocalVerbs.help());
    }

    static Verb of(String name, List<String> aliases, String summary, String details, List<String> positionals,
                   List<OptionSpec> options, boolean json, Action action) {
        return new Verb(name, aliases, summary, details, positionals, options, json, action);
    }
}
