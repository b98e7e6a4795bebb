package zpm.agent.rpc;

import zpm.agent.core.Target;
import zpm.protocol.api.TargetParam;

/** The wire's {@code target} param as the supervisor's {@link Target}. */
public final class CoreTargets {

    private CoreTargets() {
    }

    public static Target of(TargetParam target) {
        if (target instanceof TargetParam.App a) {
            return Target.app(a.name());
        }
        if (target instanceof TargetParam.Ids ids) {
            return Target.ids(ids.ids());
        }
        return Target.ALL;
    }
}
