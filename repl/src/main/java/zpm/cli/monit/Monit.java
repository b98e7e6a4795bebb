package zpm.cli.monit;

import com.fasterxml.jackson.databind.JsonNode;
import org.jline.terminal.Attributes;
import org.jline.terminal.Terminal;
import org.jline.utils.InfoCmp.Capability;
import zpm.protocol.client.ZpmClient;
import zpm.protocol.client.ZpmClientException;
import zpm.protocol.jsonrpc.RpcException;
import zpm.repl.ExitCodes;

import java.util.Map;

/**
 * {@code zpm monit}: a live full-screen view of the agent's workers in the terminal, one row per
 * worker (the console's status table), the latest events and the selected app's last log lines;
 * keys to move, restart, scale and quit. It takes the terminal's alternate screen and gives it
 * back, with the terminal's modes as they were, however it ends.
 */
public final class Monit {

    private Monit() {
    }

    /**
     * Runs monit until the operator quits (q or Ctrl-C) or the connection is lost for good.
     *
     * @param client    connected and authenticated
     * @param terminal  a real terminal (a dumb one is refused with {@link ExitCodes#USAGE})
     * @param app       the one app to show, or null for all
     * @return {@link ExitCodes#OK} on quit by key; FAILED when the agent refused the first
     *         status (an unknown app); CONNECTION when the connection was lost
     */
    public static int run(ZpmClient client, Terminal terminal, String app) {
        if (Terminal.TYPE_DUMB.equals(terminal.getType()) || Terminal.TYPE_DUMB_COLOR.equals(terminal.getType())) {
            System.err.println("zpm monit: needs a terminal that can draw a screen (this one is \"" + terminal.getType()
                    + "\"): use zpm ls, or zpm ls --json in scripts");
            return ExitCodes.USAGE;
        }
        JsonNode first;
        try {
            // Before the screen is taken: an unknown app or a dead agent reads as a plain line.
            first = client.call("status", Map.of("target", app == null ? "all" : app));
        } catch (RpcException e) {
            System.err.println("zpm monit: " + e.getMessage());
            return ExitCodes.FAILED;
        } catch (ZpmClientException e) {
            System.err.println("zpm monit: " + e.getMessage());
            return e.kind() == ZpmClientException.Kind.AUTH_FAILED ? ExitCodes.AUTH : ExitCodes.CONNECTION;
        }
        MonitLoop loop = new MonitLoop(client, terminal, colorful(terminal), app);
        Attributes saved = takeScreen(terminal);
        int code;
        try {
            code = loop.run(first);
        } finally {
            giveBackScreen(terminal, saved);
        }
        if (loop.exitMessage() != null) {
            System.err.println(loop.exitMessage());
        }
        return code;
    }

    /** Raw keys (no echo, no line editing), the alternate screen, arrows in keypad form, no cursor. */
    private static Attributes takeScreen(Terminal terminal) {
        Attributes saved = terminal.enterRawMode();
        terminal.puts(Capability.enter_ca_mode);
        terminal.puts(Capability.keypad_xmit);
        terminal.puts(Capability.cursor_invisible);
        terminal.flush();
        return saved;
    }

    private static void giveBackScreen(Terminal terminal, Attributes saved) {
        terminal.puts(Capability.cursor_normal); // cnorm: cursor_visible is "very visible" (cvvis)
        terminal.puts(Capability.keypad_local);
        terminal.puts(Capability.exit_ca_mode);
        terminal.flush();
        terminal.setAttributes(saved);
    }

    /** Colour where the terminal has it, unless NO_COLOR is set (no-color.org). */
    private static boolean colorful(Terminal terminal) {
        Integer colors = terminal.getNumericCapability(Capability.max_colors);
        return colors != null && colors >= 8 && System.getenv("NO_COLOR") == null;
    }
}
