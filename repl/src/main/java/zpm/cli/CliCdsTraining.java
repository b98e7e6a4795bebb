package zpm.cli;

import zpm.repl.ConsoleCdsTraining;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * What bin/zpm records into its AppCDS archive ({@code -XX:ArchiveClassesAtExit}): zpm's own
 * start-up (picocli's model of every verb, help, a usage error, agent.json), then the console's
 * scripted run against a canned agent ({@link ConsoleCdsTraining}, which exits and so writes the
 * archive). picocli is in it too since the build compiles picocli for Java 17 (module picocli/):
 * its published class files are Java 5, which CDS does not take.
 */
public final class CliCdsTraining {

    private CliCdsTraining() {
    }

    public static void main(String[] args) throws IOException {
        PrintStream sink = new PrintStream(OutputStream.nullOutputStream(), false, StandardCharsets.UTF_8);
        Path dir = Files.createTempDirectory("zpm-cds");
        try {
            Files.writeString(dir.resolve(AgentFile.NAME), "{\"pid\": 1, \"rpc\": \"127.0.0.1:1\", \"http\": null}");
            String[][] runs = {{"help"}, {"help", "start"}, {"lss"}, {"scale", "web"},
                {"--state-dir", dir.toString(), "kill"},
                {"--state-dir", dir.toString(), "start", "--cwd", dir.toString(), "-i", "2", "no-such-file.js"}};
            for (String[] run : runs) {
                Zpm.run(run, new ByteArrayInputStream(new byte[0]), sink, sink, Map.of(), dir.toString(), dir, false);
            }
        } finally {
            Files.deleteIfExists(dir.resolve(AgentFile.NAME));
            Files.deleteIfExists(dir);
        }
        ConsoleCdsTraining.main(args);
    }
}
