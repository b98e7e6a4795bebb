package zpm.agent.config;

import java.util.List;

/**
 * Everything wrong with a config file or an app spec, found in one pass. Each problem is one
 * line naming where (file, field path) and what is wrong; {@link #getMessage()} joins them.
 */
public class ConfigException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final List<String> problems;

    public ConfigException(List<String> problems) {
        super(String.join("\n", problems));
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("a ConfigException needs at least one problem");
        }
        this.problems = List.copyOf(problems);
    }

    public ConfigException(String problem) {
        this(List.of(problem));
    }

    /** One entry per problem, in the order they were found (the order of the file). */
    public List<String> problems() {
        return problems;
    }
}
