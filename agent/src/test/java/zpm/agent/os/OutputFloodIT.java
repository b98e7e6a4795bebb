package zpm.agent.os;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import zpm.agent.core.ExitStatus;
import zpm.agent.core.SpawnRequest;
import zpm.agent.os.RecordingFacts.Fact;

/**
 * Workers writing as fast as they can, on the real io thread: other workers' lines and exits keep
 * flowing, memory stays bounded under 1 MB lines, and a high backlog pauses the writers (their
 * pipes fill) without losing a line. Sizes for a fast suite; {@code -Dzpm.soak.floodSeconds},
 * {@code -Dzpm.soak.megabyteLines} and {@code -Dzpm.soak.pausedLines} for a soak run.
 */
class OutputFloodIT {

    static final int FLOODERS = 4;
    static final int QUIET_SECONDS = Integer.getInteger("zpm.soak.floodSeconds", 2);
    static final int MEGABYTE_LINES = Integer.getInteger("zpm.soak.megabyteLines", 48);
    static final int PAUSED_LINES = Integer.getInteger("zpm.soak.pausedLines", 200_000);

    @TempDir
    Path dir;

    private final WorkerLogs logs = new WorkerLogs();
    private final RecordingFacts facts = new RecordingFacts(logs);
    private final Pids pids = new Pids();
    private final ExecutorService context = Executors.newSingleThreadExecutor();
    private final AtomicLong backlog = new AtomicLong();
    private final OsLauncher launcher = new OsLauncher(facts, context, logs, null, SpawnWrapper.detect(),
            CgroupSupport.systemBlocking(), backlog::get);

    @AfterEach
    void cleanUp() {
        launcher.close();
        pids.killAll();
        context.shutdownNow();
    }

    private long spawnAndTrack(long id, String... argv) {
        launcher.spawn(new SpawnRequest(id, "app" + id, 0, List.of(argv), dir.toString(), Map.of()));
        return pids.track(facts.next("spawned", id).pid());
    }

    /** Every text line worker {@code id} writes from now on, in order (the ring keeps only the last). */
    private List<String> linesOf(long id) {
        List<String> texts = Collections.synchronizedList(new ArrayList<>()); // copy-on-write would be quadratic
        Consumer<OutputLine> l = line -> {
            if (line.workerId() == id) {
                texts.add(line.text());
            }
        };
        logs.addListener(l);
        return texts;
    }

    private static List<String> numbered(String prefix, int n) {
        return IntStream.rangeClosed(1, n).mapToObj(i -> prefix + i).toList();
    }

    @Test
    void quietWorkersLinesAndExitKeepFlowingBesideFloods() {
        AtomicLong flooded = new AtomicLong();
        logs.addListener(l -> {
            if (l.workerId() <= FLOODERS) {
                flooded.incrementAndGet();
            }
        });
        for (int i = 1; i <= FLOODERS; i++) {
            spawnAndTrack(i, "yes", "a line from a worker that writes as fast as it can");
        }
        Await.until("the floods flowing", () -> flooded.get() > 100_000);
        List<String> quiet = linesOf(99);
        int n = QUIET_SECONDS * 20;
        spawnAndTrack(99, "sh", "-c", "i=0; while [ $i -lt " + n + " ]; do i=$((i+1)); echo q$i; sleep 0.05; done");

        // an exit is seen (pidfd) and reported after the last line, while the floods go on
        Fact exited = facts.next("exited", 99);

        assertThat(exited.status()).isEqualTo(ExitStatus.ofCode(0));
        assertThat(quiet).containsExactlyElementsOf(numbered("q", n));
        assertThat(launcher.liveCount()).isEqualTo(FLOODERS);
    }

    @Test
    void megabyteLinesAreCutAndMarkedAndMemoryStaysBounded() {
        List<Integer> lengths = Collections.synchronizedList(new ArrayList<>());
        logs.addListener(l -> lengths.add(l.text().length()));
        long heapBefore = usedHeapAfterGc();
        // 1 MiB lines, then one of 8 MiB without a newline to its end, then death mid-line
        String oneMb = "head -c 1048575 /dev/zero | tr '\\0' x; echo";
        spawnAndTrack(1, "sh", "-c", "i=0; while [ $i -lt " + MEGABYTE_LINES + " ]; do i=$((i+1)); " + oneMb
                + "; done; head -c 8388608 /dev/zero | tr '\\0' y; kill -9 $$");

        Fact exited = facts.next("exited", 1);

        int cut = LineSplitter.DEFAULT_MAX_LINE_BYTES + LineSplitter.CUT_MARK.length();
        assertThat(exited.status()).isEqualTo(ExitStatus.ofSignal("KILL"));
        assertThat(lengths).hasSize(MEGABYTE_LINES + 1).containsOnly(cut);
        List<OutputLine> kept = logs.tail(1, WorkerLogs.DEFAULT_LINES_PER_WORKER);
        assertThat(kept.get(kept.size() - 1).text()).startsWith("yyyy").endsWith(LineSplitter.CUT_MARK);
        assertThat(kept.stream().mapToLong(l -> l.text().length()).sum())
                .isLessThanOrEqualTo(WorkerLogs.DEFAULT_BYTES_PER_WORKER + cut);
        assertThat(usedHeapAfterGc() - heapBefore).as("heap grown by %d MiB of output", MEGABYTE_LINES + 8)
                .isLessThan(16L << 20);
    }

    @Test
    void highBacklogPausesTheWriterUntilItDropsAndNoLineIsLost() throws IOException {
        backlog.set(OutputGate.HIGH_WATER + 1);
        List<String> got = linesOf(1);
        long pid = spawnAndTrack(1, "seq", "1", String.valueOf(PAUSED_LINES));

        Await.until("the gate closed and the writer blocked in write(2) on its full pipe",
                () -> launcher.outputPaused() && blockedOnPipe(pid));
        int whilePaused = got.size();
        assertThat(whilePaused).isLessThan(PAUSED_LINES);
        assertThat(blockedOnPipe(pid)).isTrue();
        assertThat(got).hasSize(whilePaused);
        backlog.set(OutputGate.LOW_WATER - 1);

        Fact exited = facts.next("exited", 1);

        assertThat(exited.status()).isEqualTo(ExitStatus.ofCode(0));
        assertThat(launcher.outputPaused()).isFalse();
        assertThat(List.copyOf(got)).as("every number once, in order").isEqualTo(numbered("", PAUSED_LINES)); // O(n)
    }

    @Test
    void pausedWorkerKilledMidLineHasItsLeftLinesAndPartialLineReadBeforeItsExit() throws IOException {
        backlog.set(OutputGate.HIGH_WATER + 1);
        List<String> got = linesOf(1);
        spawnAndTrack(1, "sh", "-c", "echo first; while [ ! -e go ]; do sleep 0.02; done;"
                + " printf 'second\\nthird\\npartial'; kill -9 $$");
        Await.until("the first line read, then the gate closed", () -> got.contains("first") && launcher.outputPaused());

        Files.createFile(dir.resolve("go"));
        Fact exited = facts.next("exited", 1);

        assertThat(exited.status()).isEqualTo(ExitStatus.ofSignal("KILL"));
        assertThat(launcher.outputPaused()).as("the backlog is still high").isTrue();
        assertThat(exited.logsThen()).extracting(OutputLine::text).containsExactly("first", "second", "third", "partial");
        assertThat(got).containsExactly("first", "second", "third", "partial");
    }

    /** The kernel function the process sleeps in: pipe_write (anon_pipe_write on Linux 6.18) while its pipe is full. */
    private static boolean blockedOnPipe(long pid) {
        try {
            return Files.readString(Path.of("/proc/" + pid + "/wchan")).contains("pipe_write");
        } catch (IOException e) {
            return false;
        }
    }

    private static long usedHeapAfterGc() {
        Runtime rt = Runtime.getRuntime();
        List<Long> samples = new ArrayList<>();
        for (int i = 0; i < 3; i++) { // System.gc() is a request: the least of three is the figure
            System.gc();
            samples.add(rt.totalMemory() - rt.freeMemory());
        }
        return samples.stream().mapToLong(Long::longValue).min().orElseThrow();
    }
}
