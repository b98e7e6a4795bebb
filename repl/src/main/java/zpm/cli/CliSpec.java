package zpm.cli;

import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

import java.util.List;

/**
 * The verbs and options of {@code zpm}, built with picocli's programmatic API: no annotations
 * to reflect on, so that the command line starts as fast as {@code zpm-repl -c}.
 */
final class CliSpec {

    static final List<String> GLOBAL_VALUED = List.of("--state-dir", "--rpc", "--http");

    private CliSpec() {
    }

    static CommandLine build() {
        CommandSpec root = CommandSpec.create().name("zpm");
        root.usageMessage().description("Runs apps under a zpm agent, started in the background on demand.")
                .footer("", "Exit codes: 0 ok; 1 the agent answered an error; 2 usage error; 3 no agent reachable"
                        + " (or none could be started); 4 the agent refused the token.", "",
                        "'zpm help VERB' tells more; docs/cli.md has the whole story.");
        root.addOption(value("--state-dir", "DIR", "the agent's state directory (also ZPM_STATE_DIR; default"
                + " $XDG_STATE_HOME/zpm or ~/.local/state/zpm)"));
        root.addOption(value("--rpc", "HOST:PORT", "the agent's JSON-RPC address (for an agent zpm starts: where it listens)"));
        root.addOption(value("--http", "HOST:PORT", "for an agent zpm starts: its HTTP address"));
        root.addOption(help());
        root.addOption(OptionSpec.builder("-V", "--version").versionHelp(true).description("the version").build());
        CommandLine cl = new CommandLine(root);
        Verb.all().forEach(v -> cl.addSubcommand(v.name(), new CommandLine(verbSpec(v)), v.aliases().toArray(new String[0])));
        return cl;
    }

    private static CommandSpec verbSpec(Verb v) {
        CommandSpec s = CommandSpec.create().name(v.name()).aliases(v.aliases().toArray(new String[0]));
        s.usageMessage().description(v.summary());
        if (!v.details().isEmpty()) {
            s.usageMessage().footer(("\n" + v.details()).split("\n"));
        }
        v.positionals().forEach(p -> s.addPositional(positional(p)));
        v.options().forEach(s::addOption);
        if (v.json()) {
            s.addOption(flag("--json", "print the agent's result as one JSON document"));
        }
        s.addOption(help());
        return s;
    }

    /** "APP" (one), "[APP]" (optional), "ARGS..." (one or more), "[APP...]" (any). */
    private static PositionalParamSpec positional(String label) {
        boolean optional = label.startsWith("[");
        boolean many = label.endsWith("...") || label.endsWith("...]");
        String name = label.replace("[", "").replace("]", "").replace("...", "");
        PositionalParamSpec.Builder b = PositionalParamSpec.builder().paramLabel(name).required(!optional)
                .arity(many ? (optional ? "0..*" : "1..*") : (optional ? "0..1" : "1"));
        return many ? b.type(List.class).auxiliaryTypes(String.class).build() : b.type(String.class).build();
    }

    static OptionSpec value(String name, String label, String description) {
        return OptionSpec.builder(name).paramLabel(label).type(String.class).description(description).build();
    }

    static OptionSpec value(String[] names, String label, String description) {
        return OptionSpec.builder(names).paramLabel(label).type(String.class).description(description).build();
    }

    static OptionSpec values(String name, String label, String description) {
        return OptionSpec.builder(name).paramLabel(label).type(List.class).auxiliaryTypes(String.class)
                .description(description).build();
    }

    static OptionSpec flag(String name, String description) {
        return OptionSpec.builder(name).arity("0").type(boolean.class).description(description).build();
    }

    static OptionSpec flag(String[] names, String description) {
        return OptionSpec.builder(names).arity("0").type(boolean.class).description(description).build();
    }

    private static OptionSpec help() {
        return OptionSpec.builder("-h", "--help").usageHelp(true).description("this text").build();
    }
}
