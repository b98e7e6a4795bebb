package zpm.agent.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.lang.ArchRule;

/**
 * The agent's package rules, for any root package: {@link ArchitectureTest} checks them on
 * {@code zpm.agent}, and on a fixture that breaks each of them on purpose, so that a rule which
 * could never fail is caught too.
 */
final class LayerRules {

    private LayerRules() {
    }

    /** No cycle among the packages right below the root (a package counts with its subpackages). */
    static ArchRule noPackageCycles(String root) {
        return slices().matching(root + ".(*)..").should().beFreeOfCycles();
    }

    /**
     * The supervisor core decides and the edges do I/O: it is tested with a fake clock and a fake
     * launcher because it reaches neither Vert.x (nor Netty below it), nor processes, nor RPC.
     */
    static ArchRule coreStaysPure(String root) {
        return noClasses().that().resideInAPackage(root + ".core..")
                .should().dependOnClassesThat().resideInAnyPackage("io.vertx..", "io.netty..",
                        root + ".os..", root + ".rpc..")
                .because("the core is a pure state machine behind its ports (Clock, Scheduler, Launcher, EventSink)");
    }

    /** RPC talks to the supervisor's interface, never to the start-up or the in-process implementation. */
    static ArchRule rpcUsesTheInterface(String root) {
        return noClasses().that().resideInAPackage(root + ".rpc..")
                .should().dependOnClassesThat().resideInAnyPackage(root + ".app..", root + ".local..")
                .because("rpc depends on SupervisorApi, so that a remote node can stand behind it too");
    }

    /**
     * The fleet layer wraps the RPC layer (forwarded calls, fan-out), never the other way round;
     * ArchUnit's cycle rule would catch it too, this names it.
     */
    static ArchRule rpcNeverReachesTheFleet(String root) {
        return noClasses().that().resideInAPackage(root + ".rpc..")
                .should().dependOnClassesThat().resideInAPackage(root + ".fleet..")
                .because("the fleet's methods wrap the agent's; a forwarded call runs the plain table");
    }

    /**
     * The cluster classes (Hazelcast, its Vert.x cluster manager, the zpm-agent-cluster jar) are
     * loaded by a class loader of their own when clustering is asked for: the agent names none.
     */
    static ArchRule staysOffTheClusterClasses(String root) {
        return noClasses().that().resideInAPackage(root + "..")
                .should().dependOnClassesThat().resideInAnyPackage("com.hazelcast..", "io.vertx.spi.cluster..",
                        "zpm.cluster..")
                .because("a lone agent must load no cluster class; the fleet starter is found by name (FleetLoader)");
    }
}
