package zpm.repl;

import zpm.protocol.ZpmVersion;
import zpm.repl.command.UsageException;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * {@code zpm-repl [connect] HOST:PORT [options]}: the console, or scripted mode when there is
 * -c or stdin is not a terminal. Exit codes are {@link ExitCodes}.
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        // UTF-8 whatever the locale: JSON is UTF-8, and workers' output may be too.
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), false, StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);
        int code = run(args, System.in, out, err, System.getenv(), System.getProperty("user.home"),
                Tty.stdinIsTerminal());
        out.flush();
        err.flush();
        System.exit(code);
    }

    /** Everything but the exit, for tests: returns the exit code. */
    public static int run(String[] args, InputStream in, PrintStream out, PrintStream err, Map<String, String> env,
                          String home, boolean stdinIsTty) {
        Options o;
        try {
            o = Options.parse(args);
        } catch (UsageException e) {
            err.println("zpm-repl: " + e.getMessage());
            err.println("Try 'zpm-repl --help'.");
            return ExitCodes.USAGE;
        }
        if (o.help) {
            out.println(Options.USAGE);
            return ExitCodes.OK;
        }
        if (o.version) {
            out.println("zpm-repl " + ZpmVersion.get());
            return ExitCodes.OK;
        }
        if (o.hasScript() || !stdinIsTty) {
            return ScriptMode.run(o, in, out, err, env, home, stdinIsTty);
        }
        return interactive(o, env, home);
    }

    /** Apart, so that scripted runs never load the console's (JLine's) classes. */
    private static int interactive(Options o, Map<String, String> env, String home) {
        return zpm.repl.terminal.Console.run(o, env, home);
    }
}
