package zpm.repl.command;

import java.util.List;

/**
 * One console command: its help texts, how its arguments are read and what it does with them.
 * {@link #parse} only checks words (no agent needed), so a script is checked before it runs.
 */
public interface Command {

    /** The word that runs it. */
    String name();

    /** Other words that run it. */
    default List<String> aliases() {
        return List.of();
    }

    /** The synopsis after the name, e.g. {@code "all|APP|ID..."}. */
    String usage();

    /** One line for {@code help}. */
    String summary();

    /** More lines for {@code help COMMAND}: options, examples; empty for none. */
    default String details() {
        return "";
    }

    /** Its options, for Tab. */
    default List<String> flags() {
        return List.of();
    }

    /** What the next argument is, given the arguments before it (flags included). */
    default ArgKind argKind(List<String> before) {
        return ArgKind.NONE;
    }

    /** Checks the arguments; throws {@link UsageException} saying what is wrong. */
    Invocation parse(List<String> args);

    /** "restart all|APP|ID...". */
    default String synopsis() {
        return usage().isEmpty() ? name() : name() + " " + usage();
    }
}
