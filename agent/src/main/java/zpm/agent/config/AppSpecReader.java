package zpm.agent.config;

import static zpm.agent.config.Fields.at;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntSupplier;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import zpm.agent.core.AppSpec;
import zpm.agent.core.BackoffSpec;
import zpm.agent.core.ProbeSpec;
import zpm.agent.core.RestartPolicy;
import zpm.agent.core.Signal;
import zpm.agent.os.CgroupSupport;
import zpm.agent.os.RunAsCheck;
import zpm.protocol.api.WorkerCalls;

/** Reads one app object (config file or {@code apps.start}) into an {@link AppSpec}. */
final class AppSpecReader {

    static final List<String> KEYS = List.of("name", "command", "cwd", "env", "size", "port", "restart",
            "backoff", "minRestartAgeMs", "killTimeout", "readiness", "liveness", "maxMemoryMb", "watch", "stopSignal",
            "limits", "logs", "user", "group", "autostart");
    static final List<String> BACKOFF_KEYS = List.of("initialMs", "maxMs", "resetAfterMs", "burst");
    static final List<String> LIMIT_KEYS = List.of("memoryMb", "cpuPercent");
    static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    static final String NAME_RULE = "1 to 64 characters: letters, digits, '.', '_' or '-', starting with a letter or digit";
    private static final String COMMAND_EXAMPLE = "[\"java\", \"-jar\", \"app.jar\"]";
    /** What may ask a worker to leave: not STOP or CONT, which pause and resume it. */
    static final List<Signal> STOP_SIGNALS = List.of(Signal.TERM, Signal.INT, Signal.QUIT, Signal.HUP,
            Signal.USR1, Signal.USR2, Signal.WINCH, Signal.KILL);
    private static final List<String> RESTART_NAMES =
            Arrays.stream(RestartPolicy.values()).map(RestartPolicy::wireName).toList();

    private final Fields fields;
    private final Problems problems;
    private final ProbeReader probes;
    private final IntSupplier cpus;
    private final Supplier<CgroupSupport> cgroups;

    /** @param cgroups what this machine's cgroups allow, asked only for an app with limits */
    AppSpecReader(Fields fields, IntSupplier cpus, Supplier<CgroupSupport> cgroups) {
        this.fields = fields;
        this.problems = fields.problems();
        this.probes = new ProbeReader(fields);
        this.cpus = cpus;
        this.cgroups = cgroups;
    }

    /** @return the spec, or null when any problem was reported for this app */
    AppSpec read(JsonNode node, String path, Path baseDir) {
        if (!fields.requireObject(node, path, "an object like {\"name\": \"web\", \"command\": " + COMMAND_EXAMPLE + "}")) {
            return null;
        }
        int before = problems.count();
        fields.knownKeys(node, path, KEYS);
        String name = name(node, path);
        List<String> command = command(node, path);
        String cwd = pathText(node, path, "cwd", baseDir);
        Map<String, String> env = env(node, path);
        int size = size(node, path);
        Long port = fields.number(node, path, "port", 1, 65_535);
        RestartPolicy restart = fields.choice(node, path, "restart", RestartPolicy::fromWire, RESTART_NAMES);
        BackoffSpec backoff = backoff(node, path);
        long minAge = orDefault(fields.number(node, path, "minRestartAgeMs", 0, Long.MAX_VALUE),
                AppSpec.DEFAULT_MIN_RESTART_AGE_MS);
        long kill = orDefault(fields.number(node, path, "killTimeout", 0, Long.MAX_VALUE),
                AppSpec.DEFAULT_KILL_TIMEOUT_MS);
        boolean hasPort = Fields.get(node, "port") != null;
        ProbeSpec readiness = probes.read(node, path, ProbeReader.Kind.READINESS, hasPort);
        ProbeSpec liveness = probes.read(node, path, ProbeReader.Kind.LIVENESS, hasPort);
        Long maxMemory = fields.number(node, path, "maxMemoryMb", 1, Integer.MAX_VALUE);
        List<String> watch = watch(node, path, cwd == null ? baseDir : Path.of(cwd));
        Signal stopSignal = stopSignal(node, path);
        AppSpec.Limits limits = limits(node, path);
        AppSpec.LogRotation logs = new LogsReader(fields).app(node, path);
        String user = fields.string(node, path, "user");
        String group = fields.string(node, path, "group");
        String runAs = user == null && group == null ? null : RunAsCheck.problemBlocking(user, group);
        if (runAs != null) {
            problems.add(at(path, user != null ? "user" : "group"), runAs);
        }
        boolean autostart = autostart(node, path);
        if (problems.count() > before) {
            return null;
        }
        return new AppSpec(name, command, cwd, env, size, port == null ? null : port.intValue(), restart,
                backoff, minAge, kill, readiness, liveness,
                maxMemory == null ? null : maxMemory.intValue(), watch, stopSignal, limits, logs, user, group,
                autostart);
    }

    /** {@code autostart}: true unless given false (the app is then declared at size 0). */
    private boolean autostart(JsonNode node, String path) {
        JsonNode value = Fields.get(node, "autostart");
        if (value != null && !value.isBoolean()) {
            problems.add(at(path, "autostart"), "must be true or false (got " + Fields.describe(value) + ")");
        }
        return value == null || !value.isBoolean() || value.asBoolean();
    }

    private String name(JsonNode node, String path) {
        if (Fields.get(node, "name") == null) {
            problems.add(at(path, "name"), "required: a name for the app, e.g. \"web\" (" + NAME_RULE + ")");
            return null;
        }
        String name = fields.string(node, path, "name");
        if (name != null && !NAME.matcher(name).matches()) {
            problems.add(at(path, "name"), "must be " + NAME_RULE + " (got " + Fields.describe(node.get("name")) + ")");
            return null;
        }
        return name;
    }

    /** The app's name when it is valid, else null: for the duplicate check across apps. */
    static String validName(JsonNode node) {
        JsonNode name = node != null && node.isObject() ? Fields.get(node, "name") : null;
        return name != null && name.isTextual() && NAME.matcher(name.asText()).matches() ? name.asText() : null;
    }

    private List<String> command(JsonNode node, String path) {
        JsonNode value = Fields.get(node, "command");
        if (value == null) {
            problems.add(at(path, "command"), "required: a non-empty list of strings, e.g. " + COMMAND_EXAMPLE);
            return null;
        }
        if (value.isTextual()) {
            // No splitting on spaces: quoting rules would be guessed, and guessed wrong.
            problems.add(at(path, "command"), "must be a non-empty list of strings; use a list, e.g. "
                    + COMMAND_EXAMPLE + " (got " + Fields.describe(value) + ")");
            return null;
        }
        List<String> command = fields.stringList(node, path, "command", true, "");
        if (command != null && command.get(0).isBlank()) {
            problems.add(at(path, "command") + "[0]", "the program to run must not be empty");
            return null;
        }
        return command;
    }

    /** A path string resolved against {@code baseDir} (the config file's directory). */
    private String pathText(JsonNode node, String path, String key, Path baseDir) {
        String text = fields.string(node, path, key);
        String problem = text == null ? null : ConfigLoader.pathProblem(text);
        if (problem != null) {
            problems.add(at(path, key), problem);
            return null;
        }
        return text == null ? null : ConfigLoader.resolvePath(text, baseDir).toString();
    }

    private Map<String, String> env(JsonNode node, String path) {
        JsonNode value = Fields.get(node, "env");
        if (value == null || !fields.requireObject(value, at(path, "env"), "an object of NAME: value")) {
            return null;
        }
        Map<String, String> env = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : value.properties()) {
            String where = at(path, "env") + "." + e.getKey();
            String text = Fields.scalarText(e.getValue());
            if (e.getKey().isEmpty() || e.getKey().contains("=")) {
                problems.add(where, "a variable name must be non-empty and have no '='");
            } else if (text == null) {
                problems.add(where, "must be a string, number or boolean (got " + Fields.describe(e.getValue()) + ")");
            } else {
                env.put(e.getKey(), text);
            }
        }
        return env;
    }

    private int size(JsonNode node, String path) {
        JsonNode value = Fields.get(node, "size");
        if (value != null && value.isTextual() && value.asText().equals("cpus")) {
            return Math.min(cpus.getAsInt(), WorkerCalls.MAX_SIZE);
        }
        Long size = fields.number(node, path, "size", 0, Integer.MAX_VALUE, " or \"cpus\"");
        if (size != null && size > WorkerCalls.MAX_SIZE) {
            problems.add(at(path, "size"), "must be at most " + WorkerCalls.MAX_SIZE
                    + " (the limit of workers per app) (got " + size + ")");
            return 1;
        }
        return size == null ? 1 : size.intValue();
    }

    private BackoffSpec backoff(JsonNode node, String path) {
        JsonNode value = Fields.get(node, "backoff");
        String where = at(path, "backoff");
        if (value == null || !fields.requireObject(value, where, "an object with " + String.join(", ", BACKOFF_KEYS))) {
            return null;
        }
        fields.knownKeys(value, where, BACKOFF_KEYS);
        BackoffSpec d = BackoffSpec.DEFAULT;
        long initial = orDefault(fields.number(value, where, "initialMs", 1, Long.MAX_VALUE), d.initialMs());
        Long max = fields.number(value, where, "maxMs", 1, Long.MAX_VALUE);
        long reset = orDefault(fields.number(value, where, "resetAfterMs", 0, Long.MAX_VALUE), d.resetAfterMs());
        // 0: the ladder from the first crash; the cap keeps a typo from switching pacing off.
        long burst = orDefault(fields.number(value, where, "burst", 0, BackoffSpec.MAX_BURST,
                " (0 = back off from the first crash)"), d.burst());
        if (max == null && Fields.get(value, "maxMs") == null) {
            // Only initialMs given: a cap below it would be an error the user never wrote.
            max = Math.max(d.maxMs(), initial);
        } else if (max != null && max < initial) {
            problems.add(at(where, "maxMs"), "must be >= initialMs (" + initial + ") (got " + max + ")");
        }
        return new BackoffSpec(initial, max == null ? d.maxMs() : max, reset, (int) burst);
    }

    /** "TERM", "SIGTERM", "term" or 15; null when absent (TERM) or refused. */
    private Signal stopSignal(JsonNode node, String path) {
        JsonNode value = Fields.get(node, "stopSignal");
        if (value == null) {
            return null;
        }
        Signal signal = value.isTextual() || value.isIntegralNumber() ? Signal.parse(value.asText()) : null;
        if (signal == null || !STOP_SIGNALS.contains(signal)) {
            problems.add(at(path, "stopSignal"), "must be one of "
                    + String.join(", ", STOP_SIGNALS.stream().map(Signal::name).toList())
                    + " (a name, with or without SIG, or its number; KILL skips the graceful stop) (got "
                    + Fields.describe(value) + ")");
            return null;
        }
        return signal;
    }

    /**
     * {@code limits: {memoryMb, cpuPercent}}: hard per-worker kernel limits, refused here (config
     * file: exit 2; apps.start: invalid params) when this machine's cgroups cannot enforce them.
     */
    private AppSpec.Limits limits(JsonNode node, String path) {
        JsonNode value = Fields.get(node, "limits");
        String where = at(path, "limits");
        if (value == null || !fields.requireObject(value, where, "an object like {\"memoryMb\": 512, \"cpuPercent\": 50}")) {
            return AppSpec.Limits.NONE;
        }
        fields.knownKeys(value, where, LIMIT_KEYS);
        // 4 MiB: below it the kernel kills even a shell; cpuPercent: 100 is one whole CPU
        Long memory = fields.number(value, where, "memoryMb", 4, Integer.MAX_VALUE);
        Long cpu = fields.number(value, where, "cpuPercent", 1, 100_000);
        AppSpec.Limits limits = new AppSpec.Limits(memory == null ? null : memory.intValue(),
                cpu == null ? null : cpu.intValue());
        String refusal = limits.any() ? cgroups.get().refusal(limits) : null;
        if (refusal != null) {
            problems.add(where, refusal);
        }
        return limits;
    }

    /** Watched paths, relative ones resolved against the app's cwd (else the config's directory). */
    private List<String> watch(JsonNode node, String path, Path base) {
        List<String> watch = fields.stringList(node, path, "watch", false, "");
        if (watch == null) {
            return null;
        }
        for (int i = 0; i < watch.size(); i++) {
            if (watch.get(i).indexOf('\0') >= 0) { // a blank entry stays what it was: the base directory
                problems.add(at(path, "watch") + "[" + i + "]", ConfigLoader.pathProblem(watch.get(i)));
                return null;
            }
        }
        return watch.stream().map(p -> ConfigLoader.resolvePath(p, base).toString()).toList();
    }

    private static long orDefault(Long value, long otherwise) {
        return value == null ? otherwise : value;
    }
}
