package zpm.agent.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Prometheus scrape config and the alert rules docs/metrics.md shows are what promtool
 * accepts, as written there (the token file's path replaced by one that exists).
 */
class MetricsDocIT {

    static final Path DOC = Path.of("..", "docs", "metrics.md");
    private static final Path PROMTOOL = Path.of("/usr/bin/promtool");

    @TempDir
    Path dir;

    @Test
    void theScrapeConfigAndTheAlertRulesPassPromtool() throws Exception {
        assumeThat(Files.isExecutable(PROMTOOL)).as("promtool not installed: apt-get install prometheus").isTrue();
        List<String> blocks = yamlBlocks(Files.readString(DOC));
        assertThat(blocks).as("the yaml blocks of docs/metrics.md").hasSize(2);
        Path token = Files.writeString(dir.resolve("zpm.token"), "not-a-real-token\n");
        Path config = Files.writeString(dir.resolve("prometheus.yml"),
                blocks.get(0).replace("/etc/prometheus/zpm.token", token.toString()));
        Path rules = Files.writeString(dir.resolve("zpm-rules.yml"), blocks.get(1));
        assertThat(promtool("check", "config", config.toString())).contains("SUCCESS").doesNotContain("FAILED");
        assertThat(promtool("check", "rules", rules.toString())).contains("SUCCESS: 5 rules found");
    }

    private static List<String> yamlBlocks(String markdown) {
        Matcher m = Pattern.compile("```yaml\n(.*?)```", Pattern.DOTALL).matcher(markdown);
        List<String> out = new ArrayList<>();
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    /** What promtool printed, with its exit code first. */
    private String promtool(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(PROMTOOL.toString()));
        cmd.addAll(List.of(args));
        Path out = dir.resolve("promtool.out");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("promtool still running after 60 s: " + cmd);
        }
        String text = "exit " + p.exitValue() + ": " + Files.readString(out);
        assertThat(p.exitValue()).as(text).isZero();
        return text;
    }
}
