package zpm.agent.rpc;

import io.vertx.core.Future;
import zpm.protocol.api.AgentCalls.AuthParams;
import zpm.protocol.api.AgentCalls.AuthResult;
import zpm.protocol.api.AgentCalls.None;
import zpm.protocol.api.AppCalls.RotatedResult;
import zpm.protocol.api.StreamCalls.LogsParams;
import zpm.protocol.api.StreamCalls.LogsResult;
import zpm.protocol.api.StreamCalls.SubscribeParams;
import zpm.protocol.api.StreamCalls.Subscribed;
import zpm.protocol.api.StreamCalls.UnsubscribeParams;
import zpm.protocol.api.StreamCalls.Unsubscribed;

/** The servers' own methods, as the method table binds them. */
record ConnectionHandlers(AuthMethod auth, EventMethods events, LogsMethod logs, RotateTokensMethod rotation)
        implements ConnectionMethods {

    @Override
    public Future<AuthResult> auth(Session session, AuthParams params) {
        return auth.call(session, params);
    }

    @Override
    public Future<RotatedResult> rotateTokens(None params) {
        return rotation.call();
    }

    @Override
    public Future<Subscribed> subscribe(Session session, SubscribeParams params) {
        return events.subscribe(session, params);
    }

    @Override
    public Future<Unsubscribed> unsubscribe(Session session, UnsubscribeParams params) {
        return Future.succeededFuture(events.unsubscribe(session, params));
    }

    @Override
    public Future<LogsResult> logs(Session session, LogsParams params) {
        return logs.call(session, params);
    }
}
