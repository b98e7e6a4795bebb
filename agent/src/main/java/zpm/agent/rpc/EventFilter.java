package zpm.agent.rpc;

import zpm.protocol.event.EventType;
import zpm.protocol.event.LifecycleEvent;
import zpm.protocol.jsonrpc.ErrorCode;
import zpm.protocol.jsonrpc.RpcError;
import zpm.protocol.jsonrpc.RpcException;

import java.util.Arrays;
import java.util.Collection;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which events a subscriber wants: some types (none = all) of one app (null = all).
 *
 * @param types wire names of event types; empty for every type
 * @param app   an app name, or null for every app
 */
record EventFilter(Set<String> types, String app) {

    static final EventFilter ALL = new EventFilter(Set.of(), null);

    EventFilter {
        types = Set.copyOf(types);
    }

    /** Checks the type names, naming the known ones in the error. */
    static EventFilter of(Collection<String> types, String app) {
        for (String t : types) {
            if (EventType.fromWire(t) == null) {
                String known = Arrays.stream(EventType.values()).map(EventType::wireName)
                        .collect(Collectors.joining(", "));
                throw new RpcException(RpcError.of(ErrorCode.INVALID_PARAMS,
                        "unknown event type \"" + t + "\"; types: " + known));
            }
        }
        return new EventFilter(Set.copyOf(types), app == null || app.isEmpty() ? null : app);
    }

    boolean matches(LifecycleEvent event) {
        return (types.isEmpty() || types.contains(event.type().wireName()))
                && (app == null || app.equals(event.app()));
    }
}
