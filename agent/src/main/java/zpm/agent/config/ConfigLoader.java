package zpm.agent.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.CharConversionException;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntSupplier;
import java.util.function.Supplier;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import zpm.agent.core.AppSpec;
import zpm.agent.os.CgroupSupport;
import zpm.protocol.api.WorkerCalls;
import zpm.protocol.jsonrpc.JsonTree;

/**
 * Reads a JSON or YAML config file into a {@link ZpmConfig}. The file is parsed into a tree and
 * checked by hand, so every problem in it is reported at once in one {@link ConfigException}.
 * Also reads app objects that arrive another way ({@code apps.start}) with the same rules.
 */
public final class ConfigLoader {

    static final List<String> TOP_KEYS = List.of("agent", "apps");
    static final List<String> AGENT_KEYS = List.of("rpc", "http", "stateDir", "tokenFile", "logLevel", "tlsCert", "tlsKey", "tcpMigrate",
            "logs", "cluster");

    // Duplicate keys are errors: by default Jackson would keep the last one without a word.
    // Trees are built from the streaming parsers (JsonTree, YamlTree): no ObjectMapper.
    // (Not YAMLFactory.builder(): its parsers read an empty value such as "agent:" as "", not null.)
    private static final YAMLFactory YAML = (YAMLFactory) new YAMLFactory()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    private final IntSupplier cpus;
    private final Supplier<CgroupSupport> cgroups;

    /** {@code "cpus"} means {@link Runtime#availableProcessors()}; limits are checked against this machine. */
    public ConfigLoader() {
        this(() -> Runtime.getRuntime().availableProcessors());
    }

    /** For tests: {@code cpus} gives the processor count that {@code "cpus"} means. */
    ConfigLoader(IntSupplier cpus) {
        this(cpus, CgroupSupport::systemBlocking);
    }

    /** For tests: {@code cgroups} stands for this machine's cgroups when an app has limits. */
    ConfigLoader(IntSupplier cpus, Supplier<CgroupSupport> cgroups) {
        this.cpus = cpus;
        this.cgroups = cgroups;
    }

    /**
     * Loads and validates a config file: JSON when the name ends {@code .json}, YAML for
     * {@code .yaml} / {@code .yml}, otherwise JSON and then YAML.
     *
     * @throws ConfigException listing every problem, each prefixed with the file as given
     */
    public ZpmConfig load(Path file) {
        String source = file.toString();
        JsonNode root = parse(file, read(file, source), source);
        Problems problems = new Problems(source);
        Fields fields = new Fields(problems);
        if (root == null || root.isMissingNode() || root.isNull()) {
            throw new ConfigException(source + ": the file is empty (expected an object with the keys "
                    + String.join(", ", TOP_KEYS) + ")");
        }
        if (!fields.requireObject(root, "", "an object with the keys " + String.join(", ", TOP_KEYS))) {
            problems.throwIfAny();
        }
        fields.knownKeys(root, "", TOP_KEYS);
        Path baseDir = file.toAbsolutePath().normalize().getParent();
        AgentSettings agent = agent(Fields.get(root, "agent"), fields, baseDir);
        List<AppSpec> apps = List.of();
        JsonNode appsNode = Fields.get(root, "apps");
        if (appsNode != null) {
            apps = apps(appsNode, "apps", fields, baseDir);
        }
        problems.throwIfAny();
        return new ZpmConfig(agent, apps, file.toAbsolutePath().normalize());
    }

    /**
     * Reads a list of apps; relative paths resolve against the agent's working directory.
     *
     * @param where the list's path in messages, e.g. {@code "apps"} gives {@code apps[1].size: ...}
     */
    public List<AppSpec> parseApps(JsonNode appsArray, String where) {
        return parseApps(appsArray, where, null);
    }

    /** As {@link #parseApps(JsonNode, String)}, with relative paths resolved against {@code baseDir}. */
    public List<AppSpec> parseApps(JsonNode appsArray, String where, Path baseDir) {
        Problems problems = new Problems(null);
        List<AppSpec> apps = apps(appsArray, where == null ? "" : where, new Fields(problems), baseDir);
        problems.throwIfAny();
        return apps;
    }

    /**
     * Reads one app with the rules of the config file.
     *
     * @param where   the object's path in messages, e.g. {@code "app"} gives {@code app.size: ...};
     *                null or empty for bare keys
     * @param baseDir what a relative {@code cwd} resolves against; null for the agent's working directory
     * @throws ConfigException listing every problem of this app
     */
    public AppSpec parseApp(JsonNode appObject, String where, Path baseDir) {
        Problems problems = new Problems(null);
        AppSpec spec = new AppSpecReader(new Fields(problems), cpus, cgroups).read(appObject, where == null ? "" : where, baseDir);
        problems.throwIfAny();
        return spec;
    }

    /**
     * {@code ~} and {@code ~/x} are the user's home; other relative paths resolve against
     * {@code baseDir} (null: the working directory). The result is absolute and normalized.
     */
    static Path resolvePath(String text, Path baseDir) {
        Path path;
        if (text.equals("~") || text.startsWith("~/")) {
            path = Path.of(System.getProperty("user.home"), text.substring(1).replaceFirst("^/", ""));
        } else {
            path = Path.of(text);
        }
        if (!path.isAbsolute()) {
            path = (baseDir == null ? Path.of("") : baseDir).resolve(path);
        }
        return path.toAbsolutePath().normalize();
    }

    private List<AppSpec> apps(JsonNode node, String path, Fields fields, Path baseDir) {
        if (node == null || !node.isArray()) {
            fields.problems().add(path, "must be a list of apps (got " + Fields.describe(node) + ")");
            return List.of();
        }
        AppSpecReader reader = new AppSpecReader(fields, cpus, cgroups);
        List<AppSpec> apps = new ArrayList<>();
        Map<String, String> firstPathOfName = new HashMap<>();
        for (int i = 0; i < node.size(); i++) {
            String appPath = path + "[" + i + "]";
            AppSpec spec = reader.read(node.get(i), appPath, baseDir);
            String name = AppSpecReader.validName(node.get(i));
            String first = name == null ? null : firstPathOfName.putIfAbsent(name, appPath);
            if (first != null) {
                fields.problems().add(Fields.at(appPath, "name"),
                        "duplicate app name \"" + name + "\" (also " + first + ")");
            } else if (spec != null) {
                apps.add(spec);
            }
        }
        long total = apps.stream().mapToLong(AppSpec::size).sum();
        if (total > WorkerCalls.MAX_TOTAL_SIZE) {
            fields.problems().add(path, "the sizes add up to " + total + " workers; one agent runs at most "
                    + WorkerCalls.MAX_TOTAL_SIZE + " in all (at most " + WorkerCalls.MAX_SIZE + " per app)");
        }
        return apps;
    }

    private AgentSettings agent(JsonNode node, Fields fields, Path baseDir) {
        if (node == null || !fields.requireObject(node, "agent", "an object with the keys " + String.join(", ", AGENT_KEYS))) {
            return AgentSettings.defaults();
        }
        fields.knownKeys(node, "agent", AGENT_KEYS);
        HostPort rpc = hostPort(node, fields, "rpc");
        HostPort http = hostPort(node, fields, "http");
        Path stateDir = path(node, fields, "stateDir", baseDir);
        Path tokenFile = path(node, fields, "tokenFile", baseDir);
        String level = fields.choice(node, "agent", "logLevel", ConfigLoader::logLevel, AgentSettings.LOG_LEVELS);
        Path cert = path(node, fields, "tlsCert", baseDir);
        Path key = path(node, fields, "tlsKey", baseDir);
        if ((cert == null) != (key == null)) {
            fields.problems().add("agent." + (cert == null ? "tlsCert" : "tlsKey"),
                    "TLS needs both tlsCert and tlsKey (PEM files); give the other one too");
        }
        JsonNode migrate = Fields.get(node, "tcpMigrate");
        if (migrate != null && !migrate.isBoolean()) {
            fields.problems().add("agent.tcpMigrate", "must be true or false (got " + Fields.describe(migrate) + ")");
        }
        AgentSettings.Logs logs = new LogsReader(fields).agent(node, baseDir);
        return cluster(node, fields, baseDir, new AgentSettings(rpc, http, stateDir, tokenFile, level, cert, key,
                migrate != null && migrate.asBoolean(), logs));
    }

    /**
     * {@code agent.cluster}, each field checked; the checks across fields (TLS beyond loopback,
     * readable files) wait for the flags, which may override any field ({@link AgentOptions#resolve}).
     */
    private static AgentSettings cluster(JsonNode agent, Fields fields, Path baseDir, AgentSettings settings) {
        if (Fields.get(agent, "cluster") == null) {
            return settings; // a lone agent loads none of the fleet's classes, these included
        }
        ClusterReader.Read read = new ClusterReader(fields).read(agent, baseDir);
        AgentSettings named = read.node() == null ? settings : settings.withNode(read.node());
        return named.withCluster(read.cluster());
    }

    /** A log level in any case, as the lower-case name; null when there is no such level. */
    static String logLevel(String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        return AgentSettings.LOG_LEVELS.contains(lower) ? lower : null;
    }

    private static HostPort hostPort(JsonNode node, Fields fields, String key) {
        String text = fields.string(node, "agent", key);
        try {
            return text == null ? null : HostPort.parse(text);
        } catch (IllegalArgumentException e) {
            fields.problems().add(Fields.at("agent", key), e.getMessage());
            return null;
        }
    }

    private static Path path(JsonNode node, Fields fields, String key, Path baseDir) {
        String text = fields.string(node, "agent", key);
        String problem = text == null ? null : pathProblem(text);
        if (problem != null) {
            fields.problems().add(Fields.at("agent", key), problem);
            return null;
        }
        return text == null ? null : resolvePath(text, baseDir);
    }

    /**
     * Why a text cannot be a path, or null when it can. A NUL character is checked here because
     * {@code Path.of} throws on it (InvalidPathException): the start used to end in a stack trace.
     */
    static String pathProblem(String text) {
        if (text.isBlank()) {
            return "must be a non-empty path";
        }
        return text.indexOf('\0') >= 0 ? "must be a path without a NUL character (\\u0000)" : null;
    }

    private static byte[] read(Path file, String source) {
        try {
            if (Files.isDirectory(file)) {
                throw new ConfigException(source + ": is a directory, not a config file");
            }
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new ConfigException(source + ": no such file");
        } catch (AccessDeniedException e) {
            throw new ConfigException(source + ": cannot read: permission denied");
        } catch (IOException e) {
            throw new ConfigException(source + ": cannot read: " + e.getMessage());
        }
    }

    private JsonNode parse(Path file, byte[] bytes, String source) {
        String name = file.getFileName() == null ? "" : file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".json")) {
            return parseWith(false, bytes, source);
        }
        if (name.endsWith(".yaml") || name.endsWith(".yml")) {
            return parseWith(true, bytes, source);
        }
        try {
            return parseWith(false, bytes, source);
        } catch (ConfigException notJson) {
            try {
                return parseWith(true, bytes, source);
            } catch (ConfigException notYaml) {
                List<String> both = new ArrayList<>(notJson.problems());
                both.addAll(notYaml.problems());
                throw new ConfigException(both);
            }
        }
    }

    private static JsonNode parseWith(boolean yaml, byte[] bytes, String source) {
        String format = yaml ? "YAML" : "JSON";
        try {
            if (yaml) {
                return YamlTree.read(YAML, bytes);
            }
            JsonNode tree = JsonTree.read(bytes);
            return tree == null ? MissingNode.getInstance() : tree;
        } catch (JsonProcessingException e) {
            CharConversionException notUtf8 = notUtf8(e);
            if (notUtf8 != null) {
                // Else the message starts "java.io.CharConversionException: ..." (YAML only).
                throw new ConfigException(source + ": not UTF-8: " + firstLine(notUtf8.getMessage())
                        + "; save the file as UTF-8");
            }
            if (e.getCause() instanceof MarkedYAMLException marked) {
                throw new ConfigException(source + ": " + yamlProblem(marked));
            }
            throw new ConfigException(source + ": " + where(e.getLocation()) + "malformed " + format + ": "
                    + firstLine(e.getOriginalMessage()));
        } catch (IOException e) {
            throw new ConfigException(source + ": malformed " + format + ": " + firstLine(e.getMessage()));
        }
    }

    /** The decoding failure under a parse error (SnakeYAML wraps it), or null. */
    private static CharConversionException notUtf8(Throwable e) {
        for (Throwable t = e; t != null && t != t.getCause(); t = t.getCause()) {
            if (t instanceof CharConversionException c) {
                return c;
            }
        }
        return null;
    }

    /**
     * SnakeYAML's own marks: Jackson's location can point at the token before the problem
     * (a tab on line 2 shows as line 1).
     */
    private static String yamlProblem(MarkedYAMLException e) {
        Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
        String at = mark == null ? "" : "line " + (mark.getLine() + 1) + ", column " + (mark.getColumn() + 1) + ": ";
        String problem = firstLine(e.getProblem() != null ? e.getProblem() : e.getContext());
        String context = "";
        if (e.getProblem() != null && e.getContext() != null) {
            Mark c = e.getContextMark();
            context = " (" + firstLine(e.getContext())
                    + (c == null ? "" : " at line " + (c.getLine() + 1) + ", column " + (c.getColumn() + 1)) + ")";
        }
        return at + "malformed YAML: " + problem + context;
    }

    private static String where(JsonLocation location) {
        if (location == null || location.getLineNr() < 1) {
            return "";
        }
        return "line " + location.getLineNr() + ", column " + location.getColumnNr() + ": ";
    }

    private static String firstLine(String message) {
        String text = message == null ? "unreadable" : message.strip();
        int newline = text.indexOf('\n');
        return newline < 0 ? text : text.substring(0, newline).strip();
    }
}
