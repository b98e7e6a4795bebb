package zpm.repl;

import zpm.repl.command.Numbers;
import zpm.repl.command.UsageException;

import java.util.ArrayList;
import java.util.List;

/** The command line of {@code zpm-repl}, read by hand: picocli would cost start-up time. */
public final class Options {

    public static final String USAGE = String.join("\n",
            "usage: zpm-repl [connect] [HOST:PORT] [options]",
            "",
            "Opens a console to a zpm agent (default 127.0.0.1:7700). With -c, or with commands",
            "piped to stdin, runs them without a terminal and exits.",
            "",
            "  --token T          the agent's token (also the ZPM_TOKEN variable)",
            "  --token-file F     read the token from file F",
            "  --state-dir D      where a local agent keeps its token file (default $XDG_STATE_HOME/zpm",
            "                     or ~/.local/state/zpm); used for 127.0.0.1, localhost and ::1",
            "  --tls              connect with TLS, trusting the JDK's certificate authorities",
            "  --cacert F         connect with TLS, trusting the PEM certificate(s) in F",
            "  -c, --command CMDS run these commands, separated by ';', and exit",
            "  --json             print each command's result as one line of JSON",
            "  --no-color         no colors (also NO_COLOR=1)",
            "  --timeout S        the longest wait for an answer, in seconds (default 900)",
            "  -h, --help         this text;  -V, --version  the version",
            "",
            "Without --token or --token-file, the token comes from ZPM_TOKEN, then from the agent's",
            "token file when the agent is local, else a prompt.",
            "",
            "Exit codes: 0 every command succeeded; 1 a command failed (the agent answered an error);",
            "2 usage error (nothing is run when a -c script has one); 3 no connection (nothing listening,",
            "TLS mismatch, connection lost); 4 the agent refused the token (or none was found).");

    Endpoint endpoint = Endpoint.DEFAULT;
    String token;
    String tokenFile;
    String stateDir;
    boolean tls;
    String cacert;
    final List<String> scripts = new ArrayList<>();
    boolean json;
    boolean noColor;
    int timeoutSeconds = 900;
    boolean help;
    boolean version;

    /** @throws UsageException naming the bad word */
    public static Options parse(String[] args) {
        Options o = new Options();
        boolean addressSeen = false;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (i == 0 && a.equals("connect")) {
                continue;
            }
            if (!a.startsWith("-")) {
                if (addressSeen) {
                    throw new UsageException("unexpected \"" + a + "\": one address only (commands go after -c)");
                }
                o.endpoint = Endpoint.parse(a);
                addressSeen = true;
                continue;
            }
            i = o.option(args, i);
        }
        if (o.token != null && o.tokenFile != null) {
            throw new UsageException("give --token or --token-file, not both");
        }
        return o;
    }

    /** Reads the option at {@code i}; returns the index of the last word it used. */
    private int option(String[] args, int i) {
        String a = args[i];
        int eq = a.indexOf('=');
        String name = a.startsWith("--") && eq > 0 ? a.substring(0, eq) : a;
        String inline = a.startsWith("--") && eq > 0 ? a.substring(eq + 1) : null;
        switch (name) {
            case "--json" -> json = true;
            case "--no-color" -> noColor = true;
            case "--tls" -> tls = true;
            case "-h", "--help" -> help = true;
            case "-V", "--version" -> version = true;
            default -> {
                String value = inline != null ? inline : valueAt(args, i, name);
                valued(name, value);
                return inline != null ? i : i + 1;
            }
        }
        if (inline != null) {
            throw new UsageException(name + " takes no value");
        }
        return i;
    }

    private void valued(String name, String value) {
        switch (name) {
            case "--token" -> token = value;
            case "--token-file" -> tokenFile = value;
            case "--state-dir" -> stateDir = value;
            case "--cacert" -> {
                cacert = value;
                tls = true;
            }
            case "-c", "--command" -> scripts.add(value);
            case "--timeout" -> timeoutSeconds = Numbers.parse("--timeout", value, 1, 86_400);
            default -> throw new UsageException("unknown option " + name);
        }
    }

    private static String valueAt(String[] args, int i, String name) {
        if (!isKnownValued(name)) {
            throw new UsageException("unknown option " + name);
        }
        if (i + 1 >= args.length) {
            throw new UsageException(name + " needs a value");
        }
        return args[i + 1];
    }

    private static boolean isKnownValued(String name) {
        return switch (name) {
            case "--token", "--token-file", "--state-dir", "--cacert", "-c", "--command", "--timeout" -> true;
            default -> false;
        };
    }

    /** True when commands come from -c. */
    public boolean hasScript() {
        return !scripts.isEmpty();
    }

    public Endpoint endpoint() {
        return endpoint;
    }

    public boolean json() {
        return json;
    }

    public boolean noColor() {
        return noColor;
    }

    public int timeoutSeconds() {
        return timeoutSeconds;
    }
}
