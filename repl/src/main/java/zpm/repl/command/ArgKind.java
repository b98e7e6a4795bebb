package zpm.repl.command;

import zpm.protocol.api.Method;
import zpm.protocol.api.Param;

/** What an argument position holds, so Tab knows what to offer there. */
public enum ArgKind {
    /** Nothing to offer. */
    NONE,
    /** "all", an app name or worker ids. */
    TARGET,
    /** An app name. */
    APP,
    /** A command name. */
    COMMAND,
    /** An event type. */
    EVENT_TYPE,
    /** A signal name. */
    SIGNAL,
    /** A node of the fleet. */
    NODE;

    /**
     * What a method's param at this word position names: the words follow the params' order, and
     * a param that takes a list (targets, event types) takes every word from its position on.
     */
    static ArgKind of(Method<?, ?> method, int position) {
        for (int i = 0; i < method.params().size(); i++) {
            Param p = method.params().get(i);
            if (i == position || (p.kind().repeats() && position > i)) {
                return of(p.kind());
            }
        }
        return NONE;
    }

    private static ArgKind of(Param.Kind kind) {
        return switch (kind) {
            case TARGET -> TARGET;
            case APP -> APP;
            case SIGNAL -> SIGNAL;
            case EVENT_TYPES -> EVENT_TYPE;
            case VALUE -> NONE;
        };
    }
}
