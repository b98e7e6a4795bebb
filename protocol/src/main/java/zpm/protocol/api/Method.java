package zpm.protocol.api;

import com.fasterxml.jackson.databind.JsonNode;
import zpm.protocol.jsonrpc.Params;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * One JSON-RPC method of the agent, whole: its wire name, its params (decoded from the request's
 * params object into the record {@code P}, unknown keys refused with -32602), its result (the
 * record {@code R}, encoded to the JSON the wire carries), a one-line summary, whether a
 * read-only token may call it, and who answers it. The agent's dispatcher, its access checks,
 * docs/protocol.md's method table and the console's help all read these; {@link MethodCatalog}
 * lists every one.
 *
 * @param name     the wire name
 * @param mutating true when it changes the agent (refused to read-only tokens and while quitting)
 * @param route    who answers it
 * @param summary  one line for help texts and the docs table
 * @param params   its params, in the order help and docs show them
 * @param reader   builds the params record from checked params
 * @param writer   the result as JSON, keys in wire order
 * @param <P>      the params record
 * @param <R>      the result record
 */
public record Method<P, R>(String name, boolean mutating, Route route, String summary, List<Param> params,
                           Function<Params, P> reader, Function<R, JsonNode> writer) {

    /** Who answers a method. */
    public enum Route {
        /** The agent's method table: a plain request and its answer. */
        AGENT,
        /** The connection itself: methods that need the caller's connection (auth, subscriptions, logs). */
        CONNECTION
    }

    public Method {
        params = List.copyOf(params);
    }

    /** A method the agent's method table answers (see {@link #answeredByConnection()} for the others). */
    static <P, R> Method<P, R> of(String name, boolean mutating, String summary, List<Param> params,
                                  Function<Params, P> reader, Function<R, JsonNode> writer) {
        return new Method<>(name, mutating, Route.AGENT, summary, params, reader, writer);
    }

    /** This method answered by the connection rather than the agent's method table. */
    Method<P, R> answeredByConnection() {
        return new Method<>(name, mutating, Route.CONNECTION, summary, params, reader, writer);
    }

    /** The param names, in order: the only keys the params object may have. */
    public Set<String> paramNames() {
        Set<String> names = new LinkedHashSet<>();
        params.forEach(p -> names.add(p.name()));
        return names;
    }

    /**
     * The params record of a request's params (null or absent means none given).
     *
     * @throws zpm.protocol.jsonrpc.RpcException -32602 naming the param: unknown, missing or ill-typed
     */
    public P decode(JsonNode json) {
        return reader.apply(Params.of(json, paramNames()));
    }

    /** The result as the wire carries it. */
    public JsonNode encode(R result) {
        return writer.apply(result);
    }
}
