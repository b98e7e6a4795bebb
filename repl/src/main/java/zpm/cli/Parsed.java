package zpm.cli;

import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

import java.util.List;

/** One verb's words as picocli read them. */
final class Parsed {

    private final ParseResult r;

    Parsed(ParseResult r) {
        this.r = r;
    }

    String verb() {
        return r.commandSpec().name();
    }

    String opt(String name) {
        return r.matchedOptionValue(name, null);
    }

    List<String> opts(String name) {
        List<String> v = r.matchedOptionValue(name, null);
        return v == null ? List.of() : v;
    }

    boolean has(String name) {
        return r.hasMatchedOption(name);
    }

    boolean flag(String name) {
        OptionSpec o = r.commandSpec().findOption(name);
        return o != null && Boolean.TRUE.equals(r.matchedOptionValue(name, false));
    }

    boolean json() {
        return flag("--json");
    }

    /** The positional at {@code i} (its spec's index), or null when not given. */
    String pos(int i) {
        Object v = r.commandSpec().positionalParameters().get(i).getValue();
        return v == null ? null : v.toString();
    }

    @SuppressWarnings("unchecked")
    List<String> posList(int i) {
        Object v = r.commandSpec().positionalParameters().get(i).getValue();
        return v == null ? List.of() : (List<String>) v;
    }
}
