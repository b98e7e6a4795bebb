package zpm.examples.embedded;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** Runs the embedded-supervisor example as a user would, and checks it leaves nothing behind. */
class EmbeddedClusterIT {

    private Process primary;
    private final List<Long> workerPids = new ArrayList<>();

    @AfterEach
    void cleanUp() {
        if (primary != null) {
            primary.destroyForcibly();
        }
        workerPids.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
    }

    @Test
    void theProgramIsPrimaryAndWorkerAndRunsTheDemoToTheEnd() throws Exception {
        primary = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"), "-cp",
                System.getProperty("java.class.path"), EmbeddedCluster.class.getName())
                .redirectErrorStream(true).start();
        byte[] out = primary.getInputStream().readAllBytes(); // ends when the primary exits
        assertThat(primary.waitFor(120, TimeUnit.SECONDS)).isTrue();
        String text = new String(out, StandardCharsets.UTF_8);
        Matcher m = Pattern.compile("worker id=\\d+ slot=\\d+ pid=(\\d+)").matcher(text);
        while (m.find()) {
            workerPids.add(Long.parseLong(m.group(1)));
        }

        assertThat(primary.exitValue()).as(text).isZero();
        assertThat(text).contains("primary: app self has 2 workers online", "primary: grown to 3 workers",
                "primary: rolling restart done", "primary: every worker stopped, bye");
        assertThat(workerPids).as("three first workers and three replacements announced themselves").hasSize(6);
        assertThat(text).contains(" fork app=self", " online app=self", " exit app=self");
        for (long pid : workerPids) {
            assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).as("worker " + pid).isFalse();
        }
    }
}
