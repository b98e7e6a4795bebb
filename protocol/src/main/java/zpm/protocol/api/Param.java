package zpm.protocol.api;

/**
 * One named param of a method, as help texts and docs show it.
 *
 * @param name     the key in the params object
 * @param optional true when it may be left out
 * @param kind     what its value names, so a console knows what to offer for it
 * @param doc      its type and meaning in a few words, e.g. {@code "integer >= 1 (default 1)"}
 */
public record Param(String name, boolean optional, Kind kind, String doc) {

    /** What a param's value is, as far as completing it goes. */
    public enum Kind {
        /** "all", an app name, a worker id or a list of ids: the words after it are targets too. */
        TARGET,
        /** The name of an existing app. */
        APP,
        /** A signal name. */
        SIGNAL,
        /** Event type names: the words after it are types too. */
        EVENT_TYPES,
        /** Anything else. */
        VALUE;

        /** True for a kind that takes every word from its position on. */
        public boolean repeats() {
            return this == TARGET || this == EVENT_TYPES;
        }
    }

    static Param required(String name, Kind kind, String doc) {
        return new Param(name, false, kind, doc);
    }

    static Param optional(String name, Kind kind, String doc) {
        return new Param(name, true, kind, doc);
    }

    /** The optional {@code target} of the methods that act on workers. */
    static final Param TARGET = optional("target", Kind.TARGET, "\"all\" | app name | worker id | [ids]");
    /** The {@code app} of the methods that act on one app. */
    static final Param APP = required("app", Kind.APP, "string");
    /** The optional {@code timeout} of the long operations. */
    static final Param TIMEOUT = optional("timeout", Kind.VALUE, "ms");

    /** {@code "name?: doc"}, as the catalog has always shown params. */
    public String synopsis() {
        return name + (optional ? "?" : "") + ": " + doc;
    }
}
