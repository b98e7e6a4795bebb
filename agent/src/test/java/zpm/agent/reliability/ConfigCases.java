package zpm.agent.reliability;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Config files for {@link ConfigFuzzIT}: hostile ones built on purpose (each must be refused),
 * and random mutations of real examples (refused, or by chance still a valid config).
 */
final class ConfigCases {

    /** A file to try: its name (the extension picks JSON or YAML), bytes, and whether it must be refused. */
    record Case(String name, byte[] bytes, boolean mustFail) {
        static Case bad(String name, String text) {
            return new Case(name, text.getBytes(StandardCharsets.UTF_8), true);
        }
    }

    /** App keys and values of every JSON type, each wrong for at least one key. */
    static final List<String> APP_KEYS = List.of("name", "command", "cwd", "env", "size", "port", "restart",
            "backoff", "minRestartAgeMs", "killTimeout", "readiness", "liveness", "maxMemoryMb", "watch", "logs");
    static final List<String> AGENT_KEYS = List.of("rpc", "http", "stateDir", "tokenFile", "logLevel", "tlsCert",
            "tlsKey", "tcpMigrate", "logs");
    static final List<String> HOSTILE_VALUES = List.of("[[1, 2], {a: 1}]", "{x: {y: [1]}}", "-1", "1e400",
            "99999999999999999999999999", "-99999999999999999999", "true", "\"\"", "\"\\u0000\\uFFFF\"", "0.5",
            "[]", "{}");

    private static final String APP = "apps:\n  - name: a\n    command: [sleep, \"1\"]\n";

    private ConfigCases() {
    }

    /** Cases built to be wrong, each refused with exit 2. */
    static List<Case> hostile() {
        List<Case> cases = wrongValues();
        String app = APP;
        cases.add(Case.bad("unknown-key.yaml", app + "    restrt: always\n"));
        cases.add(Case.bad("unknown-top.json", "{\"apps\": [], \"aps\": []}"));
        cases.add(Case.bad("duplicate-key.yaml", app + "    size: 1\n    size: 2\n"));
        cases.add(Case.bad("duplicate-key.json", "{\"apps\": [], \"apps\": []}"));
        cases.add(Case.bad("duplicate-app.yaml", app + app.substring("apps:\n".length())));
        cases.add(Case.bad("billion-laughs.yaml", billionLaughs()));
        cases.add(Case.bad("alias-of-app.yaml", "apps:\n  - &a {name: a, command: [sleep, \"1\"]}\n  - *a\n"));
        cases.add(Case.bad("deep-flow.yaml", "apps: " + "[".repeat(100_000)));
        cases.add(Case.bad("deep-block.yaml", deepBlock(5_000)));
        cases.add(Case.bad("deep.json", "{\"apps\":" + "[".repeat(100_000) + "]".repeat(100_000) + "}"));
        cases.add(Case.bad("deep-objects.json", "{\"apps\":" + "{\"a\":".repeat(50_000) + "1" + "}".repeat(50_000) + "}"));
        cases.add(Case.bad("tabs.yaml", "apps:\n\t- name: a\n\t  command: [sleep, \"1\"]\n"));
        cases.add(Case.bad("huge-size.yaml", app + "    size: " + "9".repeat(5_000) + "\n"));
        // 200,000 characters: SnakeYAML reads about 1 ms per KB of one scalar (linear; 1.6 MB took 2 s).
        cases.add(Case.bad("huge-name.yaml", "apps:\n  - name: " + "n".repeat(200_000) + "\n    command: [sleep, \"1\"]\n"));
        cases.add(Case.bad("many-apps.yaml", "apps:\n" + "  - {name: x, command: [sleep, \"1\"], size: 10000}\n".repeat(3)));
        cases.add(Case.bad("not-an-object.json", "[1, 2, 3]"));
        cases.add(Case.bad("scalar.yaml", "just words"));
        cases.add(Case.bad("nul-bytes.yaml", "apps:\u0000\u0000\n"));
        cases.add(Case.bad("bom-and-junk.json", "\uFEFF{\"apps\": [}"));
        cases.add(Case.bad("two-documents.yaml", app + "---\n" + app));
        cases.add(Case.bad("yaml-tags.yaml", "apps: !!java.util.ArrayList [1]\n"));
        cases.add(Case.bad("empty.yaml", ""));
        return cases;
    }

    /** Every app and agent key given each hostile value in turn. */
    private static List<Case> wrongValues() {
        List<Case> cases = new ArrayList<>();
        for (String key : APP_KEYS) {
            for (String value : HOSTILE_VALUES) {
                if (!key.equals("name") && !key.equals("command")) {
                    cases.add(new Case("app-" + key + ".yaml", (APP + "    " + key + ": " + value + "\n")
                            .getBytes(StandardCharsets.UTF_8), !acceptable(key, value)));
                }
            }
        }
        for (String key : AGENT_KEYS) {
            for (String value : HOSTILE_VALUES) {
                cases.add(new Case("agent-" + key + ".yaml", ("agent:\n  " + key + ": " + value + "\n" + APP)
                        .getBytes(StandardCharsets.UTF_8), !acceptable(key, value)));
            }
        }
        return cases;
    }

    /**
     * A hostile value that is still a valid setting of that key: an empty env, backoff, logs or watch;
     * {@code 1e400}, which YAML 1.1 reads as a string (a float needs a dot), as a path; tcpMigrate true.
     */
    private static boolean acceptable(String key, String value) {
        return value.equals("{}") && (key.equals("env") || key.equals("backoff") || key.equals("logs"))
                || value.equals("[]") && key.equals("watch")
                || value.equals("1e400") && List.of("cwd", "stateDir", "tokenFile").contains(key)
                || value.equals("true") && key.equals("tcpMigrate");
    }

    private static String billionLaughs() {
        StringBuilder y = new StringBuilder("a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
        for (char c = 'b'; c <= 'i'; c++) {
            char p = (char) (c - 1);
            y.append(c).append(": &").append(c).append(" [*").append(p);
            y.append((",*" + p).repeat(8)).append("]\n");
        }
        return y.append("apps: *i\n").toString();
    }

    private static String deepBlock(int depth) {
        StringBuilder y = new StringBuilder("apps:\n");
        for (int i = 1; i <= depth; i++) {
            y.append("  ".repeat(i)).append("- \n");
        }
        return y.toString();
    }

    /** A random mutation of {@code base}: cut, bytes overwritten or inserted, lines swapped. */
    static Case mutate(String name, byte[] base, Random random) {
        byte[] b = base.clone();
        int kind = random.nextInt(4);
        if (kind == 0) {
            b = java.util.Arrays.copyOf(b, random.nextInt(b.length));
        } else if (kind == 1) {
            for (int i = 1 + random.nextInt(8); i > 0; i--) {
                b[random.nextInt(b.length)] = (byte) random.nextInt(256);
            }
        } else if (kind == 2) {
            int at = random.nextInt(b.length);
            byte[] junk = new byte[1 + random.nextInt(64)];
            random.nextBytes(junk);
            byte[] out = new byte[b.length + junk.length];
            System.arraycopy(b, 0, out, 0, at);
            System.arraycopy(junk, 0, out, at, junk.length);
            System.arraycopy(b, at, out, at + junk.length, b.length - at);
            b = out;
        } else {
            String[] lines = new String(b, StandardCharsets.UTF_8).split("\n", -1);
            int i = random.nextInt(lines.length);
            int j = random.nextInt(lines.length);
            String t = lines[i];
            lines[i] = lines[j];
            lines[j] = t;
            b = String.join("\n", lines).getBytes(StandardCharsets.UTF_8);
        }
        return new Case(name, b, false);
    }
}
