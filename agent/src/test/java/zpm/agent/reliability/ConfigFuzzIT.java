package zpm.agent.reliability;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import zpm.agent.app.AgentProcess;
import zpm.agent.app.Main;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Config fuzz: hostile config files built on purpose (wrong types for every key, unknown and
 * duplicate keys, an alias bomb, deep nesting, huge numbers, tabs) and random mutations of
 * examples/cluster.yaml and config/full.yaml|json (cut at a random byte, bytes overwritten or
 * inserted, lines swapped) go through {@code Main.check}, the path {@code main} takes before it
 * starts anything. Each ends in exit code 2 with a message naming the problem, or is by chance a
 * valid config; never a stack trace, never a hang. A few go through a real agent JVM as well.
 * {@code -Dzpm.soak.configCases=N} mutations (default 600); {@code -Dzpm.fuzz.seed=N} replays.
 */
class ConfigFuzzIT {

    static final int MUTATIONS = Integer.getInteger("zpm.soak.configCases", 600);
    static final long CASE_SECONDS = 10;

    @TempDir
    static Path dir;

    static ExecutorService runner;

    @BeforeAll
    static void start() {
        runner = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "config-fuzz");
            t.setDaemon(true); // a hung case must not keep the test JVM alive
            return t;
        });
    }

    @AfterAll
    static void stop() {
        runner.shutdownNow();
    }

    /** What one case came to. */
    record Outcome(int code, String err) {
    }

    @Test
    void hostileConfigFilesEndInExitTwoWithAMessage() throws Exception {
        int refused = 0;
        List<String> accepted = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (ConfigCases.Case c : ConfigCases.hostile()) {
            Outcome o = check(c, problems);
            if (o.code() == -1) {
                accepted.add(c.name() + ": " + new String(c.bytes(), StandardCharsets.UTF_8).lines()
                        .filter(l -> !l.contains("name: a") && !l.contains("command:") && !l.startsWith("apps:")
                                && !l.equals("agent:"))
                        .findFirst().orElse("").strip());
                if (c.mustFail()) {
                    problems.add(c.name() + " must be refused: " + accepted.get(accepted.size() - 1));
                }
            } else {
                refused++;
            }
        }
        System.out.printf("ConfigFuzzIT: %d hostile files refused, %d valid all the same: %s%n", refused,
                accepted.size(), accepted);
        assertThat(problems).isEmpty();
    }

    @Test
    void randomMutationsOfTheExamplesEndInExitTwoOrAValidConfig() throws Exception {
        long seed = Seeds.seed("ConfigFuzzIT");
        Random random = new Random(seed);
        List<Path> bases = List.of(Path.of("../examples/cluster.yaml"), Path.of("src/test/resources/config/full.yaml"),
                Path.of("src/test/resources/config/full.json"));
        int refused = 0;
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < MUTATIONS; i++) {
            Path base = bases.get(random.nextInt(bases.size()));
            String ext = base.toString().endsWith(".json") ? ".json" : ".yaml";
            ConfigCases.Case c = ConfigCases.mutate("mutation-" + i + ext, Files.readAllBytes(base), random);
            refused += check(c, problems).code() == 2 ? 1 : 0;
        }
        System.out.printf("ConfigFuzzIT: %d mutations, %d refused, %d valid all the same%n", MUTATIONS, refused,
                MUTATIONS - refused);
        assertThat(problems).isEmpty();
    }

    /** Through {@code Main.main} in a real JVM: the exit code and stderr a user sees. */
    @Test
    void aRealAgentExitsTwoWithoutAStackTrace() throws Exception {
        for (String name : List.of("billion-laughs.yaml", "deep.json", "deep-flow.yaml", "tabs.yaml")) {
            ConfigCases.Case c = ConfigCases.hostile().stream().filter(x -> x.name().equals(name)).findFirst().orElseThrow();
            Path run = Files.createDirectories(dir.resolve("jvm-" + name));
            Path file = run.resolve(name);
            Files.write(file, c.bytes());
            try (AgentProcess agent = AgentProcess.start(run, file)) {
                assertThat(agent.awaitExit(60)).as(name + ": " + agent.stderrText()).isEqualTo(2);
                assertThat(aMessage(agent.stderrText())).as(name + ": " + agent.stderrText()).isTrue();
            }
        }
    }

    /** Runs one case in-process with a deadline; what is wrong with its code or message goes to problems. */
    private static Outcome check(ConfigCases.Case c, List<String> problems) throws Exception {
        Path file = dir.resolve(c.name());
        Files.write(file, c.bytes());
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        String[] args = {"--config", file.toString(), "--state-dir", dir.resolve("state").toString()};
        Future<Integer> code = runner.submit(() -> Main.check(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8)));
        Outcome o;
        try {
            o = new Outcome(code.get(CASE_SECONDS, TimeUnit.SECONDS), err.toString(StandardCharsets.UTF_8));
        } catch (TimeoutException e) {
            throw new AssertionError(c.name() + " hangs: no answer within " + CASE_SECONDS + " s");
        } catch (java.util.concurrent.ExecutionException e) {
            problems.add(c.name() + " threw instead of exit 2: " + e.getCause());
            return new Outcome(1, e.getCause().toString());
        }
        if (o.code() != 2 && o.code() != -1) {
            problems.add(c.name() + ": exit " + o);
        } else if (o.code() == 2 && !aMessage(o.err())) {
            problems.add(c.name() + ": no plain message: " + o.err());
        }
        return o;
    }

    /** At least one line naming the problem; no stack trace, no exception's name. */
    private static boolean aMessage(String err) {
        return err.contains("zpm-agent: ") && !err.contains("\tat ") && !err.contains("Exception")
                && !err.contains("Error:") && err.lines().anyMatch(l -> !l.contains("not started: fix the config"));
    }
}
