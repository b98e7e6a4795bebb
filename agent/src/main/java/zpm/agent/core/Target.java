package zpm.agent.core;

import java.util.List;

/** What a command acts on: every app, one app, or chosen worker ids. */
public sealed interface Target {

    Target ALL = new All();

    static Target app(String name) {
        return new App(name);
    }

    static Target ids(List<Long> ids) {
        return new Ids(List.copyOf(ids));
    }

    static Target ids(Long... ids) {
        return new Ids(List.of(ids));
    }

    record All() implements Target {
    }

    record App(String name) implements Target {
    }

    record Ids(List<Long> ids) implements Target {
    }
}
