package zpm.agent.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import zpm.agent.core.AppSpec;
import zpm.agent.core.BackoffSpec;
import zpm.agent.core.Signal;

/** One app at a time through the public parseApp / parseApps, as apps.start uses them. */
class AppProblemsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final ConfigLoader loader = new ConfigLoader(() -> 4);

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text.replace('\'', '"'));
    }

    /** An app with the given extra members after a valid name and command. */
    private static JsonNode app(String members) throws Exception {
        return json("{'name': 'web', 'command': ['x']" + (members.isEmpty() ? "" : ", " + members) + "}");
    }

    private List<String> problems(JsonNode app) {
        return catchThrowableOfType(ConfigException.class, () -> loader.parseApp(app, "app", null)).problems();
    }

    @Test
    void parseAppReturnsTheSpec() throws Exception {
        assertThat(loader.parseApp(app("'size': 3"), "app", null)).isEqualTo(AppSpec.of("web", 3, List.of("x")));
    }

    @Test
    void whereMayBeEmpty() throws Exception {
        assertThat(catchThrowableOfType(ConfigException.class,
                () -> loader.parseApp(app("'port': 0"), null, null)).problems())
                .containsExactly("port: must be a whole number from 1 to 65535 (got 0)");
    }

    @Test
    void nameIsRequiredAndFollowsARule() throws Exception {
        assertThat(problems(json("{'command': ['x']}"))).containsExactly(
                "app.name: required: a name for the app, e.g. \"web\" (1 to 64 characters: letters, digits, "
                        + "'.', '_' or '-', starting with a letter or digit)");
        assertThat(problems(json("{'name': 'my app', 'command': ['x']}"))).containsExactly(
                "app.name: must be 1 to 64 characters: letters, digits, '.', '_' or '-', starting with a letter "
                        + "or digit (got \"my app\")");
        assertThat(problems(json("{'name': '-web', 'command': ['x']}"))).hasSize(1);
        assertThat(problems(json("{'name': '" + "a".repeat(65) + "', 'command': ['x']}"))).hasSize(1);
        assertThat(loader.parseApp(json("{'name': '" + "a".repeat(64) + "', 'command': ['x']}"), "app", null))
                .isNotNull();
        assertThat(problems(json("{'name': 7, 'command': ['x']}"))).containsExactly("app.name: must be a string (got 7)");
    }

    @Test
    void duplicateNamesNameBothPlaces() throws Exception {
        JsonNode apps = json("[{'name': 'web', 'command': ['x']}, {'name': 'api', 'command': ['x']},"
                + " {'name': 'web', 'command': ['y']}]");
        assertThat(catchThrowableOfType(ConfigException.class, () -> loader.parseApps(apps, "apps")).problems())
                .containsExactly("apps[2].name: duplicate app name \"web\" (also apps[0])");
    }

    @Test
    void commandMustBeANonEmptyListOfStrings() throws Exception {
        assertThat(problems(json("{'name': 'web', 'command': 'java -jar app.jar'}"))).containsExactly(
                "app.command: must be a non-empty list of strings; use a list, e.g. [\"java\", \"-jar\", "
                        + "\"app.jar\"] (got \"java -jar app.jar\")");
        assertThat(problems(json("{'name': 'web', 'command': []}")))
                .containsExactly("app.command: must be a non-empty list of strings (got a list)");
        assertThat(problems(json("{'name': 'web'}"))).containsExactly(
                "app.command: required: a non-empty list of strings, e.g. [\"java\", \"-jar\", \"app.jar\"]");
        assertThat(problems(json("{'name': 'web', 'command': ['x', {'a': 1}, null]}"))).containsExactly(
                "app.command[1]: must be a string (got an object)", "app.command[2]: must be a string (got null)");
        assertThat(problems(json("{'name': 'web', 'command': [' ']}")))
                .containsExactly("app.command[0]: the program to run must not be empty");
    }

    @Test
    void unknownKeysAreNamedWithTheKnownOnes() throws Exception {
        assertThat(problems(app("'restrt': 'never', 'zzz': 1"))).containsExactly(
                "app.restrt: unknown key, did you mean \"restart\"? (known keys: name, command, cwd, env, size, port, "
                        + "restart, backoff, minRestartAgeMs, killTimeout, readiness, liveness, maxMemoryMb, watch, stopSignal, limits, logs, user, group, autostart)",
                "app.zzz: unknown key (known keys: name, command, cwd, env, size, port, "
                        + "restart, backoff, minRestartAgeMs, killTimeout, readiness, liveness, maxMemoryMb, watch, stopSignal, limits, logs, user, group, autostart)");
    }

    @Test
    void envValuesAreScalars() throws Exception {
        assertThat(loader.parseApp(app("'env': {'A': 'a', 'B': 2, 'C': false}"), "app", null).env())
                .containsEntry("A", "a").containsEntry("B", "2").containsEntry("C", "false");
        assertThat(problems(app("'env': {'A': [1], 'B': null, 'C=D': 'x'}"))).containsExactly(
                "app.env.A: must be a string, number or boolean (got a list)",
                "app.env.B: must be a string, number or boolean (got null)",
                "app.env.C=D: a variable name must be non-empty and have no '='");
        assertThat(problems(app("'env': ['A=1']"))).containsExactly("app.env: must be an object of NAME: value (got a list)");
    }

    @Test
    void sizeIsANumberOrCpus() throws Exception {
        assertThat(loader.parseApp(app("'size': 'cpus'"), "app", null).size()).isEqualTo(4);
        assertThat(loader.parseApp(app("'size': 0"), "app", null).size()).isZero();
        assertThat(problems(app("'size': -1"))).containsExactly("app.size: must be a whole number >= 0 or \"cpus\" (got -1)");
        assertThat(problems(app("'size': 'four'"))).containsExactly("app.size: must be a whole number >= 0 or \"cpus\" (got \"four\")");
        assertThat(problems(app("'size': 1.5"))).containsExactly("app.size: must be a whole number >= 0 or \"cpus\" (got 1.5)");
    }

    @Test
    void portRestartAndLimitsAreChecked() throws Exception {
        assertThat(problems(app("'port': 70000, 'restart': 'sometimes', 'minRestartAgeMs': -1, 'killTimeout': '5s',"
                + " 'maxMemoryMb': 0, 'watch': 'src', 'cwd': ''"))).containsExactly(
                "app.cwd: must be a non-empty path",
                "app.port: must be a whole number from 1 to 65535 (got 70000)",
                "app.restart: must be one of always, on-failure, never (got \"sometimes\")",
                "app.minRestartAgeMs: must be a whole number >= 0 (got -1)",
                "app.killTimeout: must be a whole number >= 0 (got \"5s\")",
                "app.maxMemoryMb: must be a whole number > 0 (got 0)",
                "app.watch: must be a list of strings (got \"src\")");
    }

    @Test
    void backoffIsChecked() throws Exception {
        assertThat(problems(app("'backoff': {'initialMs': 0, 'maxMs': -5, 'resetAfterMs': -1, 'jitter': 1}")))
                .containsExactly(
                        "app.backoff.jitter: unknown key (known keys: initialMs, maxMs, resetAfterMs, burst)",
                        "app.backoff.initialMs: must be a whole number > 0 (got 0)",
                        "app.backoff.maxMs: must be a whole number > 0 (got -5)",
                        "app.backoff.resetAfterMs: must be a whole number >= 0 (got -1)");
        assertThat(problems(app("'backoff': {'initialMs': 5000, 'maxMs': 1000}")))
                .containsExactly("app.backoff.maxMs: must be >= initialMs (5000) (got 1000)");
        assertThat(problems(app("'backoff': 1000")))
                .containsExactly("app.backoff: must be an object with initialMs, maxMs, resetAfterMs, burst (got 1000)");
    }

    @Test
    void burstIsAWholeNumberFromZeroAndZeroBacksOffFromTheFirstCrash() throws Exception {
        assertThat(problems(app("'backoff': {'burst': -1}"))).containsExactly(
                "app.backoff.burst: must be a whole number from 0 to 100 (0 = back off from the first crash) (got -1)");
        assertThat(problems(app("'backoff': {'burst': 'many'}"))).containsExactly(
                "app.backoff.burst: must be a whole number from 0 to 100 (0 = back off from the first crash) (got \"many\")");
        assertThat(loader.parseApp(app("'backoff': {'burst': 0}"), "app", null).backoff())
                .isEqualTo(new BackoffSpec(1000, 16_000, 5000, 0));
        assertThat(loader.parseApp(app("'backoff': {'initialMs': 500}"), "app", null).backoff().burst())
                .isEqualTo(BackoffSpec.DEFAULT_BURST);
    }

    @ParameterizedTest(name = "stopSignal {0} -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '~', textBlock = """
            "TERM"    | TERM
            "SIGINT"  | INT
            "usr2"    | USR2
            " SigHup" | HUP
            15        | TERM
            "3"       | QUIT
            "KILL"    | KILL
            """)
    void stopSignalTakesANameWithOrWithoutSigOrANumber(String json, Signal expected) throws Exception {
        assertThat(loader.parseApp(app("'stopSignal': " + json), "app", null).stopSignal()).isEqualTo(expected);
    }

    @ParameterizedTest(name = "stopSignal {0} refused")
    @CsvSource(delimiter = '|', quoteCharacter = '~', textBlock = """
            "BOGUS" | "BOGUS"
            "STOP"  | "STOP"
            19      | 19
            true    | true
            ""      | ""
            """)
    void stopSignalRefusesWhatCannotAskAWorkerToLeaveAndListsWhatCan(String json, String got) throws Exception {
        assertThat(problems(app("'stopSignal': " + json))).containsExactly("app.stopSignal: must be one of "
                + "TERM, INT, QUIT, HUP, USR1, USR2, WINCH, KILL (a name, with or without SIG, or its number; "
                + "KILL skips the graceful stop) (got " + got + ")");
    }

    @Test
    void stopSignalDefaultsToTerm() throws Exception {
        assertThat(loader.parseApp(app(""), "app", null).stopSignal()).isEqualTo(Signal.TERM);
    }

    @Test
    void anInitialBackoffAboveTheDefaultCapRaisesTheCap() throws Exception {
        assertThat(loader.parseApp(app("'backoff': {'initialMs': 20000}"), "app", null).backoff())
                .isEqualTo(new BackoffSpec(20_000, 20_000, 5000));
    }

    @Test
    void appsMustBeObjectsInAList() throws Exception {
        assertThat(catchThrowableOfType(ConfigException.class, () -> loader.parseApps(json("[1, 'web']"), "apps"))
                .problems()).containsExactly(
                "apps[0]: must be an object like {\"name\": \"web\", \"command\": [\"java\", \"-jar\", \"app.jar\"]} (got 1)",
                "apps[1]: must be an object like {\"name\": \"web\", \"command\": [\"java\", \"-jar\", \"app.jar\"]} (got \"web\")");
        assertThat(catchThrowableOfType(ConfigException.class, () -> loader.parseApps(json("{}"), "apps"))
                .problems()).containsExactly("apps: must be a list of apps (got an object)");
    }

    @Test
    void relativeCwdResolvesAgainstTheGivenBase() throws Exception {
        assertThat(loader.parseApp(app("'cwd': 'a/../b'"), "app", Path.of("/srv/zpm")).cwd()).isEqualTo("/srv/zpm/b");
        assertThat(loader.parseApp(app("'cwd': 'b'"), "app", null).cwd())
                .isEqualTo(Path.of("b").toAbsolutePath().toString());
        assertThat(loader.parseApps(json("[{'name': 'a', 'command': ['x'], 'cwd': 'w'}]"), "apps", Path.of("/srv"))
                .get(0).cwd()).isEqualTo("/srv/w");
    }

    @Test
    void nullValuesMeanTheDefault() throws Exception {
        assertThat(loader.parseApp(app("'port': null, 'size': null, 'restart': null, 'readiness': null"), "app", null))
                .isEqualTo(AppSpec.of("web", 1, List.of("x")));
    }
}
