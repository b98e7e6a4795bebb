package zpm.cli.monit;

import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import zpm.protocol.client.ZpmClient;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A small main for the tmux test: {@code MonitMain HOST:PORT TOKEN_FILE [APP]} connects and runs
 * {@link Monit#run} in the system terminal, exiting with its code (what the {@code monit} verb
 * does, without the CLI around it).
 */
public final class MonitMain {

    private MonitMain() {
    }

    public static void main(String[] args) throws Exception {
        String[] hostPort = args[0].split(":");
        String token = Files.readString(Path.of(args[1])).strip();
        int code;
        try (ZpmClient client = ZpmClient.builder().host(hostPort[0]).port(Integer.parseInt(hostPort[1])).token(token).build();
             Terminal terminal = TerminalBuilder.builder().name("zpm-monit").system(true)
                     .signalHandler(Terminal.SignalHandler.SIG_IGN).build()) {
            client.connect();
            code = Monit.run(client, terminal, args.length > 2 ? args[2] : null);
        }
        System.exit(code);
    }
}
