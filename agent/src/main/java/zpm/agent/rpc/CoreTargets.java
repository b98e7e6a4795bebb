package zpm.agent.rpc;

import zpm.agent.core.Target;
import zpm.protocol.api.TargetParam;
import zpm.protocol.jsonrpc.ErrorCode;
import zpm.protocol.jsonrpc.RpcException;

/** The wire's {@code target} param as the supervisor's {@link Target}. */
public final class CoreTargets {

    private CoreTargets() {
    }

    /**
     * The supervisor's target of a target of this node. A target that names a node reaches here
     * only where nothing resolved it (a method the connection answers, such as {@code logs}):
     * refused, never read as "all".
     */
    public static Target of(TargetParam target) {
        if (target instanceof TargetParam.OnNode || target instanceof TargetParam.NodeIds) {
            throw new RpcException(ErrorCode.INVALID_PARAMS, "target " + zpm.protocol.jsonrpc.JsonTree.write(
                    target.toJson()) + " names a node: this method acts on the connected node only; leave out"
                    + " the \"NODE/\" prefix");
        }
        if (target instanceof TargetParam.App a) {
            return Target.app(a.name());
        }
        if (target instanceof TargetParam.Ids ids) {
            return Target.ids(ids.ids());
        }
        return Target.ALL;
    }
}
