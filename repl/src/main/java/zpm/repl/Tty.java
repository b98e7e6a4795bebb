package zpm.repl;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Whether stdin is a terminal, without loading JLine (scripted mode must stay light). */
final class Tty {

    private Tty() {
    }

    static boolean stdinIsTerminal() {
        try {
            String target = Files.readSymbolicLink(Path.of("/proc/self/fd/0")).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty") || target.equals("/dev/console");
        } catch (IOException | UnsupportedOperationException e) {
            // No /proc (not Linux): on JDK 17 a console exists only when stdin and stdout are terminals.
            return System.console() != null;
        }
    }
}
