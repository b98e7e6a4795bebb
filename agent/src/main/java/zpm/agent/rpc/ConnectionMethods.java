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

/**
 * The methods a connection answers itself, because they act on the caller's connection: its
 * access ({@code auth}) and what is pushed to it ({@code events.*}, {@code logs}); and
 * {@code agent.rotateTokens}, answered in the agent's table but by the servers, which hold the tokens.
 */
public interface ConnectionMethods {

    Future<AuthResult> auth(Session session, AuthParams params);

    /** New tokens ({@code agent.rotateTokens}); it needs no connection, only the servers' tokens. */
    Future<RotatedResult> rotateTokens(None params);

    Future<Subscribed> subscribe(Session session, SubscribeParams params);

    Future<Unsubscribed> unsubscribe(Session session, UnsubscribeParams params);

    Future<LogsResult> logs(Session session, LogsParams params);
}
