package zpm.repl.command;

import zpm.protocol.api.Method;

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

    /** The JSON-RPC method it calls, or null when it calls none (or several). */
    default Method<?, ?> method() {
        return null;
    }

    /** One line for {@code help}: the method's own summary unless the command says more. */
    default String summary() {
        return method() == null ? "" : method().summary();
    }

    /** More lines for {@code help COMMAND}: options, examples; empty for none. */
    default String details() {
        return "";
    }

    /** Its options, for Tab. */
    default List<String> flags() {
        return List.of();
    }

    /**
     * What the next argument is, given the arguments before it (flags included): by default
     * what the method's param at that position names, its words in the params' order.
     */
    default ArgKind argKind(List<String> before) {
        return method() == null ? ArgKind.NONE : ArgKind.of(method(), before.size());
    }

    /** Checks the arguments; throws {@link UsageException} saying what is wrong. */
    Invocation parse(List<String> args);

    /** "restart all|APP|ID...". */
    default String synopsis() {
        return usage().isEmpty() ? name() : name() + " " + usage();
    }
}
