package zpm.agent.os;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's promise (its signal table): SIGKILL of the agent must not leave workers behind. */
class AgentSigkillIT {

    @TempDir
    Path stateDir;

    private final Pids pids = new Pids();
    private Process agent;

    @AfterEach
    void cleanUp() throws InterruptedException, IOException {
        if (agent != null) {
            agent.destroyForcibly().waitFor();
        }
        pids.killAll();
        PidRegistry.endStale(stateDir); // also what the test agent spawned before a failure here
    }

    @Test
    void agentSigkillLeavesNoWorkerAndNextStartEndsTheGrandchild() throws Exception {
        LinkedBlockingQueue<String> lines = startAgent();
        List<Long> workers = new ArrayList<>();
        long grandchild = -1;
        for (String line = nextLine(lines); !line.equals("ready"); line = nextLine(lines)) {
            String[] f = line.split(" ");
            if (f[0].equals("worker")) {
                workers.add(pids.track(Long.parseLong(f[2])));
            } else if (f[0].equals("grandchild")) {
                grandchild = pids.track(Long.parseLong(f[1]));
            }
        }
        assertThat(workers).hasSize(3);
        assertThat(grandchild).isPositive();

        agent.destroyForcibly().waitFor(); // SIGKILL: no shutdown hook, no close()

        // the parent-death signal ends the direct workers; it never reaches the grandchild
        Await.until("workers gone", () -> workers.stream().allMatch(pids::gone));
        assertThat(pids.gone(grandchild)).isFalse();

        int ended = PidRegistry.endStale(stateDir);

        long gc = grandchild;
        Await.until("grandchild gone", () -> pids.gone(gc));
        assertThat(ended).isEqualTo(1);
        assertThat(stateDir.resolve(PidRegistry.FILE_NAME)).doesNotExist();
    }

    private LinkedBlockingQueue<String> startAgent() throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        agent = new ProcessBuilder(java, "-Xmx64m", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"), SigkilledAgentMain.class.getName(),
                stateDir.toString())
                .redirectErrorStream(true).start();
        LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(
                    new InputStreamReader(agent.getInputStream(), StandardCharsets.UTF_8))) {
                for (String l; (l = r.readLine()) != null; ) {
                    System.out.println("[agent] " + l);
                    if (l.startsWith("ZPM-TEST ")) {
                        lines.add(l.substring("ZPM-TEST ".length()));
                    }
                }
            } catch (IOException e) {
                // the agent was killed
            }
        }, "agent-stdout");
        reader.setDaemon(true);
        reader.start();
        return lines;
    }

    private String nextLine(LinkedBlockingQueue<String> lines) throws InterruptedException {
        String line = lines.poll(Await.LONG.toSeconds() * 2, TimeUnit.SECONDS);
        if (line == null) {
            throw new AssertionError("the test agent said nothing in time (alive=" + agent.isAlive() + ")");
        }
        return line;
    }
}
