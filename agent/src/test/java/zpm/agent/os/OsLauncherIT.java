package zpm.agent.os;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import zpm.agent.core.ExitStatus;
import zpm.agent.core.Signal;
import zpm.agent.core.SpawnRequest;
import zpm.agent.os.RecordingFacts.Fact;

class OsLauncherIT {

    @TempDir
    Path dir;

    private final WorkerLogs logs = new WorkerLogs();
    private final RecordingFacts facts = new RecordingFacts(logs);
    private final Pids pids = new Pids();
    /** Stands in for the supervisor's context: one thread, facts in order. */
    private final ExecutorService context = Executors.newSingleThreadExecutor();
    private OsLauncher launcher;
    private PidRegistry registry;

    @BeforeEach
    void start() throws IOException {
        registry = new PidRegistry(dir.resolve("state"));
        launcher = new OsLauncher(facts, context, logs, registry);
    }

    @AfterEach
    void cleanUp() {
        launcher.close();
        registry.close();
        pids.killAll();
        context.shutdownNow();
    }

    private static SpawnRequest request(long id, String... argv) {
        return request(id, Map.of(), argv);
    }

    private static SpawnRequest request(long id, Map<String, String> env, String... argv) {
        return new SpawnRequest(id, "web", 0, List.of(argv), null, env);
    }

    private long spawnAndTrack(SpawnRequest r) {
        launcher.spawn(r);
        Fact f = facts.next("spawned", r.workerId());
        return pids.track(f.pid());
    }

    @Test
    void reportsSpawnThenExitCodeWithAllOutputLoggedFirst() {
        launcher.spawn(request(1, "sh", "-c", "echo out; echo err >&2; exit 3"));

        Fact spawned = facts.next();
        Fact exited = facts.next();

        assertThat(spawned.kind()).isEqualTo("spawned");
        assertThat(spawned.pid()).isPositive();
        assertThat(exited.kind()).isEqualTo("exited");
        assertThat(exited.status()).isEqualTo(ExitStatus.ofCode(3));
        assertThat(exited.logsThen()).extracting(OutputLine::stream, OutputLine::text)
                .containsExactlyInAnyOrder(tuple("out", "out"), tuple("err", "err"));
        assertThat(launcher.liveCount()).isZero();
        assertThat(launcher.pidOf(1)).isEqualTo(-1);
    }

    @Test
    void reportedPidIsTheWorkerItselfLeadingItsOwnGroupAndSession() {
        long pid = spawnAndTrack(request(1, "sleep", "1000"));

        // posix_spawn made the session itself: the pid is the command's, a child of this JVM
        Await.until("setpriv exec'd into sleep", () -> ProcStat.read(pid).map(ProcStat::comm).orElse("").equals("sleep"));
        ProcStat s = ProcStat.read(pid).orElseThrow();
        assertThat(s.ppid()).isEqualTo(ProcessHandle.current().pid());
        assertThat(s.pgrp()).isEqualTo(pid);
        assertThat(s.session()).isEqualTo(pid);
        assertThat(launcher.pidOf(1)).isEqualTo(pid);
        assertThat(launcher.pids()).containsEntry(1L, pid);
        Await.until("pids.json records the worker", () -> registry.entries().stream()
                .anyMatch(e -> e.pid() == pid && e.pgid() == pid && e.startTime() == s.startTime()));
    }

    @Test
    void missingCommandFailsWithItsNameAndStartsNothing() {
        launcher.spawn(request(1, "zpm-no-such-command", "x"));

        Fact f = facts.next();

        assertThat(f.kind()).isEqualTo("spawnFailed");
        assertThat(f.error()).startsWith("command not found: zpm-no-such-command (not on PATH=");
        assertThat(launcher.liveCount()).isZero();
        assertThat(ProcessHandle.current().children()
                .map(h -> h.info().commandLine().orElse(""))).noneMatch(c -> c.contains("zpm-no-such-command"));
    }

    @Test
    void nonExecutableFileBadCwdAndEmptyCommandFailClearly() throws IOException {
        Path script = Files.writeString(dir.resolve("script.sh"), "#!/bin/sh\necho hi\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rw-r--r--"));

        launcher.spawn(request(1, script.toString()));
        launcher.spawn(new SpawnRequest(2, "web", 0, List.of("sleep", "1"), dir.resolve("nope").toString(), Map.of()));

        assertThat(facts.next().error()).startsWith("not executable: " + script);
        Fact badCwd = facts.next();
        assertThat(badCwd.kind()).isEqualTo("spawnFailed");
        assertThat(badCwd.error()).isEqualTo("cannot start sleep: cwd is not a directory: " + dir.resolve("nope"));
        launcher.spawn(new SpawnRequest(3, "web", 0, List.of(), null, Map.of()));
        assertThat(facts.next().error()).isEqualTo("empty command");
    }

    @Test
    void commandIsLookedUpOnTheWorkersPath() throws IOException {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path tool = Files.writeString(bin.resolve("zpm-test-tool"), "#!/bin/sh\necho from-tool\n");
        Files.setPosixFilePermissions(tool, PosixFilePermissions.fromString("rwxr-xr-x"));

        launcher.spawn(request(1, Map.of("PATH", bin + ":/usr/bin:/bin"), "zpm-test-tool"));

        facts.next("spawned", 1);
        Fact exited = facts.next("exited", 1);
        assertThat(exited.status()).isEqualTo(ExitStatus.ofCode(0));
        assertThat(exited.logsThen()).extracting(OutputLine::text).containsExactly("from-tool");
    }

    @Test
    void environmentIsTheAgentsPlusTheRequestsWithTheRequestWinning() {
        String home = System.getenv("HOME");
        launcher.spawn(request(1, Map.of("ZPM_WORKER_ID", "1", "HOME", "/zpm-home"),
                "sh", "-c", "echo id=$ZPM_WORKER_ID; echo home=$HOME; echo path=$PATH"));

        Fact exited = facts.next("exited", 1);

        assertThat(exited.logsThen()).extracting(OutputLine::text)
                .containsExactly("id=1", "home=/zpm-home", "path=" + System.getenv("PATH"));
        assertThat(home).isNotEqualTo("/zpm-home");
    }

    @Test
    void termSignalIsReportedAsSignalTerm() {
        spawnAndTrack(request(1, "sleep", "1000"));

        launcher.signal(1, Signal.TERM);

        assertThat(facts.next("exited", 1).status()).isEqualTo(ExitStatus.ofSignal("TERM"));
    }

    @Test
    void signalsToUnknownOrEndedWorkersAreIgnored() {
        launcher.spawn(request(1, "true"));
        facts.next("exited", 1);

        launcher.signal(1, Signal.TERM);
        launcher.signal(42, Signal.KILL);
        launcher.killTree(1);
        launcher.killTree(42);

        assertThat(launcher.liveCount()).isZero();
    }

    @Test
    void killTreeEndsTheWorkerAndAllItsChildren() {
        long sh = spawnAndTrack(request(1, "sh", "-c", "sleep 1000 & sleep 1000 & wait"));
        Await.until("two children", () -> Pids.childrenOf(sh).size() == 2);
        List<Long> children = Pids.childrenOf(sh);
        children.forEach(pids::track);

        launcher.killTree(1);

        assertThat(facts.next("exited", 1).status()).isEqualTo(ExitStatus.ofSignal("KILL"));
        Await.until("children gone", () -> children.stream().allMatch(pids::gone));
        // and gone for the JDK too, once PID 1 reaped the orphaned zombies (1-2 s here)
        Await.until("children reaped", () -> children.stream()
                .noneMatch(c -> ProcessHandle.of(c).map(ProcessHandle::isAlive).orElse(false)));
    }

    @Test
    void childLeftBehindByAnExitedWorkerIsKilled() {
        launcher.spawn(request(1, "sh", "-c", "sleep 1000 & echo child=$!"));
        facts.next("spawned", 1);

        // the background sleep holds stdout open: the exit fact also proves the group kill freed it
        Fact exited = facts.next("exited", 1);

        assertThat(exited.status()).isEqualTo(ExitStatus.ofCode(0));
        long child = Long.parseLong(exited.logsThen().get(0).text().substring("child=".length()));
        Await.until("orphaned child gone", () -> !ProcStat.read(child)
                .filter(s -> s.comm().equals("sleep") && !s.zombie()).isPresent());
    }

    @Test
    void childThatMovedToAnotherGroupOfTheSessionIsKilledToo() throws IOException {
        Path script = Files.writeString(dir.resolve("mover.sh"), """
                #!/bin/sh
                perl -e 'setpgrp(0, 0); open(my $f, ">", "moved"); close($f); sleep 1000' &
                echo child=$!
                while [ ! -e moved ]; do sleep 0.01; done
                """);
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        launcher.spawn(new SpawnRequest(1, "web", 0, List.of("./mover.sh"), dir.toString(), Map.of()));

        // perl holds stdout open and left the group: only the session sweep lets this exit arrive
        Fact exited = facts.next("exited", 1);

        assertThat(exited.status()).isEqualTo(ExitStatus.ofCode(0));
        long child = Long.parseLong(exited.logsThen().get(0).text().substring("child=".length()));
        Await.until("child in its own group gone", () -> !ProcStat.read(child)
                .filter(s -> s.comm().equals("perl") && !s.zombie()).isPresent());
    }

    @Test
    void closeKillsEveryWorkerAndFailsLaterSpawns() {
        long a = spawnAndTrack(request(1, "sleep", "1000"));
        long b = spawnAndTrack(request(2, "sh", "-c", "sleep 1000 & wait"));
        Await.until("grandchild", () -> Pids.childrenOf(b).size() == 1);
        long grandchild = pids.track(Pids.childrenOf(b).get(0));

        launcher.close();

        assertThat(launcher.liveCount()).isZero();
        assertThat(List.of(facts.next().kind(), facts.next().kind())).containsOnly("exited");
        Await.until("all gone", () -> pids.gone(a) && pids.gone(b) && pids.gone(grandchild));
        launcher.spawn(request(3, "sleep", "1"));
        assertThat(facts.next().error()).isEqualTo("launcher closed");
        Await.until("pids.json empty", () -> registry.entries().isEmpty());
    }

    @Test
    void bareCommandWithoutWrapperStillRunsAndReportsExit() {
        launcher.close();
        launcher = new OsLauncher(facts, context, logs, null, SpawnWrapper.bare());

        long pid = spawnAndTrack(request(1, "sh", "-c", "echo bare; exit 5"));

        Fact exited = facts.next("exited", 1);
        assertThat(exited.status()).isEqualTo(ExitStatus.ofCode(5));
        assertThat(exited.logsThen()).extracting(OutputLine::text).containsExactly("bare");
        assertThat(pid).isPositive();
    }

    @Test
    void longLinesAreCutAndLastLineWithoutNewlineIsKept() {
        launcher.spawn(request(1, "sh", "-c", "head -c 40000 /dev/zero | tr '\\0' x; echo; printf tail"));

        Fact exited = facts.next("exited", 1);

        assertThat(exited.logsThen()).extracting(OutputLine::text)
                .containsExactly("x".repeat(LineSplitter.DEFAULT_MAX_LINE_BYTES) + LineSplitter.CUT_MARK, "tail");
    }

    @Test
    void workerGetsNoInheritedFdsAndNoBlockedOrIgnoredSignals() throws IOException {
        long pid = spawnAndTrack(request(1, "sleep", "1000"));
        Await.until("setpriv exec'd into sleep", () -> ProcStat.read(pid).map(ProcStat::comm).orElse("").equals("sleep"));

        // sleep may hold a file of its own for a moment right after exec (its locale data, read on
        // a loaded machine just as we look): wait for that to pass. A leaked fd never does.
        Await.until("only stdin, stdout, stderr open", () -> openFds(pid).equals(List.of("0", "1", "2")));
        assertThat(openFds(pid)).as("only stdin, stdout, stderr").containsExactly("0", "1", "2");
        assertThat(Files.readSymbolicLink(Path.of("/proc/" + pid + "/fd/0"))).isEqualTo(Path.of("/dev/null"));
        List<String> status = Files.readAllLines(Path.of("/proc/" + pid + "/status"));
        // signals 1-31; glibc keeps its two internal real-time signals (32, 33) to itself
        assertThat(signalMask(status, "SigBlk") & 0x7fffffffL).as("blocked").isZero();
        assertThat(signalMask(status, "SigIgn") & 0x7fffffffL).as("ignored").isZero();
    }

    private static long signalMask(List<String> status, String key) {
        return status.stream().filter(l -> l.startsWith(key + ":"))
                .mapToLong(l -> Long.parseUnsignedLong(l.substring(key.length() + 1).trim(), 16))
                .findFirst().orElseThrow();
    }

    @Test
    void exitCodeAbove128StaysACodeAndSignalDeathIsASignal() {
        launcher.spawn(request(1, "sh", "-c", "exit 137"));
        assertThat(facts.next("exited", 1).status()).isEqualTo(ExitStatus.ofCode(137));

        launcher.spawn(request(2, "sh", "-c", "kill -SEGV $$"));
        assertThat(facts.next("exited", 2).status()).isEqualTo(ExitStatus.ofSignal("SEGV"));
    }

    @Test
    void notifySocketCarriesSystemdNotifyMessagesAndIsRemovedAtExit() {
        SpawnRequest r = new SpawnRequest(1, "web", 0, List.of("sh", "-c",
                "systemd-notify --status='warming up'; systemd-notify --ready --status=serving;"
                        + " echo \"$NOTIFY_SOCKET\"; exec sleep 1000"), null, Map.of(), true);
        launcher.spawn(r);
        long pid = pids.track(facts.next("spawned", 1).pid());

        Fact first = facts.next("notified", 1);
        Fact second = facts.next("notified", 1);

        assertThat(first.message()).containsEntry("STATUS", "warming up");
        assertThat(second.message()).containsEntry("READY", "1").containsEntry("STATUS", "serving");
        Await.until("the worker printed NOTIFY_SOCKET", () -> logs.tail(1, 10).stream()
                .anyMatch(l -> l.text().endsWith(".sock")));
        String socket = logs.tail(1, 10).stream().map(OutputLine::text).filter(t -> t.endsWith(".sock"))
                .findFirst().orElseThrow();
        assertThat(Path.of(socket)).exists().startsWith(dir.resolve("state").resolve("notify"));
        Kill.kill(pid, Kill.SIGKILL);
        facts.next("exited", 1);
        assertThat(Path.of(socket)).doesNotExist();
    }

    @Test
    void workersCostNoThreads() throws IOException {
        long before = threadCount();
        for (int i = 1; i <= 30; i++) {
            spawnAndTrack(request(i, "sh", "-c", "echo started; exec sleep 1000"));
        }
        for (int i = 1; i <= 30; i++) {
            long id = i;
            Await.until("worker " + id + " output read",
                    () -> logs.tail(id, 10).stream().anyMatch(l -> l.text().equals("started")));
        }
        assertThat(threadCount() - before).as("threads added by 30 live workers").isLessThan(5);
    }

    private static long threadCount() throws IOException {
        try (var tasks = Files.list(Path.of("/proc/self/task"))) {
            return tasks.count();
        }
    }

    @Test
    void spawnCostIsSmall() {
        int n = 20;
        long t0 = System.nanoTime();
        for (int i = 1; i <= n; i++) {
            launcher.spawn(request(i, "sleep", "1000"));
        }
        for (int i = 1; i <= n; i++) {
            pids.track(facts.next("spawned", i).pid());
        }
        long perSpawnMicros = (System.nanoTime() - t0) / 1000 / n;
        System.out.printf("spawn cost: %d workers, %d us each (request to spawned fact)%n", n, perSpawnMicros);
        assertThat(launcher.liveCount()).isEqualTo(n);
    }

    private static List<String> openFds(long pid) {
        try (var fds = Files.list(Path.of("/proc/" + pid + "/fd"))) {
            return fds.map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
