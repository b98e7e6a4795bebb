package zpm.agent.rpc.methods;

import io.vertx.core.Future;
import org.junit.jupiter.api.Test;
import zpm.agent.rpc.ConnectionMethods;
import zpm.agent.rpc.MethodHandler;
import zpm.agent.rpc.Session;
import zpm.protocol.api.AgentCalls;
import zpm.protocol.api.AppCalls;
import zpm.protocol.api.Method;
import zpm.protocol.api.MethodCatalog;
import zpm.protocol.api.StreamCalls;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The catalog, the agent's method table and docs/protocol.md's method table name the same
 * methods: a descriptor without a handler, a handler without a descriptor, or a docs row that
 * differs from its descriptor (name, params, mutating, summary) fails here.
 */
class MethodTableTest {

    /** The connection's methods, never called here. */
    static final ConnectionMethods NO_CONNECTION = new ConnectionMethods() {
        @Override
        public Future<AgentCalls.AuthResult> auth(Session session, AgentCalls.AuthParams params) {
            throw new UnsupportedOperationException("auth");
        }

        @Override
        public Future<AppCalls.RotatedResult> rotateTokens(AgentCalls.None params) {
            throw new UnsupportedOperationException("agent.rotateTokens");
        }

        @Override
        public Future<StreamCalls.Subscribed> subscribe(Session session, StreamCalls.SubscribeParams params) {
            throw new UnsupportedOperationException("events.subscribe");
        }

        @Override
        public Future<StreamCalls.Unsubscribed> unsubscribe(Session session, StreamCalls.UnsubscribeParams params) {
            throw new UnsupportedOperationException("events.unsubscribe");
        }

        @Override
        public Future<StreamCalls.LogsResult> logs(Session session, StreamCalls.LogsParams params) {
            throw new UnsupportedOperationException("logs");
        }
    };

    private static final List<Path> DOCS = List.of(Path.of("..", "docs", "protocol.md"),
            Path.of("..", "docs", "tools", "protocol.md.in"));

    private static List<Method<?, ?>> bound() {
        List<MethodHandler> handlers = new AgentMethods(null, null, null, null, () -> { }).handlers(NO_CONNECTION);
        return handlers.stream().<Method<?, ?>>map(MethodHandler::method).toList();
    }

    @Test
    void everyDescriptorHasExactlyOneHandlerAndEveryHandlerADescriptor() {
        List<Method<?, ?>> bound = bound();
        assertThat(bound).as("handlers, by descriptor").doesNotHaveDuplicates();
        for (Method<?, ?> m : bound) {
            assertThat(MethodCatalog.find(m.name())).as("the catalog's descriptor of " + m.name()).containsSame(m);
        }
        assertThat(bound.stream().map(Method::name).toList()).as("methods with a handler")
                .containsExactlyInAnyOrderElementsOf(MethodCatalog.names());
    }

    @Test
    void theMethodTableListsTheHandlersInCatalogOrder() {
        assertThat(bound().stream().map(Method::name).toList()).isEqualTo(MethodCatalog.names());
    }

    @Test
    void docsProtocolMdListsEveryMethodAsItsDescriptorSays() throws IOException {
        List<String> expected = MethodCatalog.all().stream().map(MethodTableTest::row).toList();
        for (Path doc : DOCS) {
            assertThat(rows(doc)).as(doc + ": the Methods table (name | params | mutating | summary), expected:\n"
                    + String.join("\n", expected)).isEqualTo(expected);
        }
    }

    /** A docs row without its link: "name | `p?`, `q` | yes | summary". */
    private static String row(Method<?, ?> m) {
        String params = m.params().isEmpty() ? "—" : m.params().stream()
                .map(p -> "`" + p.name() + (p.optional() ? "?" : "") + "`").collect(Collectors.joining(", "));
        return m.name() + " | " + params + " | " + (m.mutating() ? "yes" : "no") + " | " + m.summary();
    }

    /** The rows of the table under "## Methods", links taken off the names. */
    private static List<String> rows(Path doc) throws IOException {
        List<String> lines = Files.readAllLines(doc);
        int start = lines.indexOf("## Methods");
        assertThat(start).as(doc + " has a ## Methods section").isNotNegative();
        List<String> rows = new ArrayList<>();
        boolean inTable = false;
        for (String line : lines.subList(start + 1, lines.size())) {
            if (line.startsWith("| method |") || line.startsWith("|---")) {
                inTable = true;
                continue;
            }
            if (inTable && !line.startsWith("|")) {
                break;
            }
            if (inTable) {
                String[] cells = line.substring(1, line.length() - 1).split(" \\| ");
                String name = cells[0].strip().replaceAll("^\\[`([^`]+)`\\]\\(#[^)]*\\)$", "$1");
                rows.add(name + " | " + cells[1].strip() + " | " + cells[2].strip() + " | " + cells[3].strip());
            }
        }
        return rows;
    }
}
