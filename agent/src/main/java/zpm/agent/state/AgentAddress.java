package zpm.agent.state;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import zpm.agent.os.PrivateFiles;
import zpm.protocol.ZpmVersion;
import zpm.protocol.jsonrpc.JsonTree;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code <stateDir>/agent.json}: where this state directory's agent answers, for the {@code zpm}
 * command line (and {@code zpm-agent --daemon}) to find it. Written once both listeners are bound,
 * with their real ports (an agent given port 0 gets any free one), atomically and mode 0600;
 * removed at a graceful quit. A killed agent leaves it behind: a reader trusts it only while its
 * pid is alive and the state directory's lock is held.
 */
public final class AgentAddress {

    public static final String FILE_NAME = "agent.json";

    private AgentAddress() {
    }

    /**
     * Blocking. {@code http} null when the HTTP listener is off; {@code config} null without a
     * config file.
     */
    public static Path writeBlocking(Path stateDir, String rpc, String http, long startedAtMs, Path config)
            throws IOException {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("pid", ProcessHandle.current().pid());
        o.put("rpc", rpc);
        o.put("http", http);
        o.put("version", ZpmVersion.get());
        o.put("startedAtMs", startedAtMs);
        o.put("config", config == null ? null : config.toAbsolutePath().normalize().toString());
        Path file = stateDir.resolve(FILE_NAME);
        PrivateFiles.writeAtomicBlocking(file, (JsonTree.writePretty(o) + "\n").getBytes(StandardCharsets.UTF_8));
        return file;
    }

    /** Blocking. Removes the file when it still names this process (never a successor's). */
    public static void removeBlocking(Path stateDir) throws IOException {
        Path file = stateDir.resolve(FILE_NAME);
        try {
            long pid = JsonTree.read(Files.readAllBytes(file)).path("pid").asLong();
            if (pid != ProcessHandle.current().pid()) {
                return;
            }
        } catch (java.nio.file.NoSuchFileException e) {
            return;
        } catch (IOException | RuntimeException e) {
            // unreadable: ours all the same (we hold the lock), remove it
        }
        Files.deleteIfExists(file);
    }
}
