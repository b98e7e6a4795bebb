package zpm.cli;

import picocli.CommandLine;
import picocli.CommandLine.ParseResult;
import zpm.protocol.ZpmVersion;
import zpm.repl.ExitCodes;
import zpm.repl.command.DidYouMean;
import zpm.repl.command.UsageException;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code zpm [--state-dir DIR] [--rpc HOST:PORT] [--http HOST:PORT] VERB ...}: PM2's verbs over
 * the console's commands, against the agent of the state directory, started on demand.
 * Exit codes are {@link ExitCodes}.
 */
public final class Zpm {

    private Zpm() {
    }

    public static void main(String[] args) {
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), false, StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);
        String home = System.getProperty("zpm.home");
        int code = run(args, System.in, out, err, System.getenv(), System.getProperty("user.home"),
                home == null ? Path.of("").toAbsolutePath() : Path.of(home), System.console() != null);
        out.flush();
        err.flush();
        System.exit(code);
    }

    /** Everything but the exit, for tests: returns the exit code. */
    public static int run(String[] args, InputStream in, PrintStream out, PrintStream err, Map<String, String> env,
                          String home, Path zpmHome, boolean stdinIsTty) {
        CommandLine cl = CliSpec.build();
        ParseResult r;
        try {
            r = parse(cl, args);
        } catch (UsageException | CommandLine.ParameterException e) {
            String verb = verbOf(args);
            return usage(err, e.getMessage(), verb != null && cl.getSubcommands().containsKey(verb) ? verb : null);
        }
        if (r.isVersionHelpRequested()) {
            out.println("zpm " + ZpmVersion.get());
            return ExitCodes.OK;
        }
        if (r.isUsageHelpRequested() || !r.hasSubcommand()) {
            cl.usage(r.hasSubcommand() || args.length > 0 ? out : err);
            return r.isUsageHelpRequested() ? ExitCodes.OK : ExitCodes.USAGE;
        }
        ParseResult sub = r.subcommand();
        if (sub.isUsageHelpRequested()) {
            sub.commandSpec().commandLine().usage(out);
            return ExitCodes.OK;
        }
        Parsed p = new Parsed(sub);
        try {
            Globals g = Globals.of(r.matchedOptionValue("--state-dir", null), r.matchedOptionValue("--rpc", null),
                    r.matchedOptionValue("--http", null), env, home, zpmHome);
            Verb verb = find(p.verb());
            if (verb.action() == null) {
                return help(cl, p.pos(0), out, err);
            }
            return verb.action().run(p, new Cli(g, in, out, err, stdinIsTty));
        } catch (UsageException e) {
            return usage(err, p.verb() + ": " + e.getMessage(), p.verb());
        }
    }

    /** Checks the verb first, so that a typo gets "did you mean" instead of picocli's "unmatched argument". */
    private static ParseResult parse(CommandLine cl, String[] args) {
        String verb = verbOf(args);
        if (verb != null && !cl.getSubcommands().containsKey(verb)) {
            String hint = DidYouMean.hint(verb, new ArrayList<>(cl.getSubcommands().keySet()));
            throw new UsageException("unknown verb \"" + verb + "\"" + (hint.isEmpty() ? "" : ": " + hint));
        }
        return cl.parseArgs(args);
    }

    /** The first word after the global options, or null. */
    static String verbOf(String[] args) {
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (CliSpec.GLOBAL_VALUED.contains(a)) {
                i++;
            } else if (!a.startsWith("-")) {
                return a;
            }
        }
        return null;
    }

    private static Verb find(String name) {
        return Verb.all().stream().filter(v -> v.name().equals(name)).findFirst().orElseThrow();
    }

    private static int help(CommandLine cl, String verb, PrintStream out, PrintStream err) {
        if (verb == null) {
            cl.usage(out);
            return ExitCodes.OK;
        }
        CommandLine sub = cl.getSubcommands().get(verb);
        if (sub == null) {
            return usage(err, "help: no verb \"" + verb + "\"", null);
        }
        sub.usage(out);
        return ExitCodes.OK;
    }

    private static int usage(PrintStream err, String message, String verb) {
        err.println("zpm: " + message);
        err.println(verb == null || List.of("help").contains(verb) ? "Try 'zpm help'." : "Try 'zpm help " + verb + "'.");
        return ExitCodes.USAGE;
    }
}
