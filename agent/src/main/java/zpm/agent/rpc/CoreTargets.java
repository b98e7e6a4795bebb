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
        return local(target);
    }

    /**
     * The supervisor's target of a target that may name this node ({@code self}): "vm/web" on the
     * node vm is "web". Another node's name is -32016: this table answers for its own node only
     * (a clustered agent's fleet methods send such targets to their node before they get here).
     */
    public static Target of(TargetParam target, String self) {
        if (target instanceof TargetParam.OnNode on) {
            requireSelf(on.node(), self);
            return local(on.target());
        }
        if (target instanceof TargetParam.NodeIds ids) {
            ids.ids().forEach(id -> requireSelf(id.node() == null ? self : id.node(), self));
            return Target.ids(ids.ids().stream().map(TargetParam.NodeId::id).toList());
        }
        return local(target);
    }

    /** -32016 unless {@code node} is this node. */
    public static void requireSelf(String node, String self) {
        if (node != null && !node.equals(self)) {
            throw new RpcException(ErrorCode.NODE_UNKNOWN, "no node named \"" + node + "\"; the nodes are " + self);
        }
    }

    private static Target local(TargetParam target) {
        if (target instanceof TargetParam.App a) {
            return Target.app(a.name());
        }
        if (target instanceof TargetParam.Ids ids) {
            return Target.ids(ids.ids());
        }
        return Target.ALL;
    }
}
