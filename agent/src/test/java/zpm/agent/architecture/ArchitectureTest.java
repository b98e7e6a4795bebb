package zpm.agent.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import zpm.agent.architecture.fixture.core.ReachesNetty;
import zpm.agent.architecture.fixture.core.ReachesOs;
import zpm.agent.architecture.fixture.core.ReachesRpc;
import zpm.agent.architecture.fixture.core.ReachesVertx;
import zpm.agent.architecture.fixture.cycle.a.A;
import zpm.agent.architecture.fixture.cycle.b.B;
import zpm.agent.architecture.fixture.fleet.ReachesCluster;
import zpm.agent.architecture.fixture.rpc.ReachesApp;
import zpm.agent.architecture.fixture.rpc.ReachesFleet;
import zpm.agent.architecture.fixture.rpc.ReachesLocal;

/**
 * The agent's packages keep their layers: no package cycle, a core without Vert.x, OS or RPC, and
 * an RPC layer that sees the supervisor only through its interface. Each rule is also shown to
 * fail on a fixture that breaks it.
 */
class ArchitectureTest {

    private static final String AGENT = "zpm.agent";
    private static final String FIXTURE = "zpm.agent.architecture.fixture";
    private static JavaClasses agent;

    @BeforeAll
    static void importAgent() {
        agent = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS).importPackages(AGENT);
    }

    @Test
    void theAgentsPackagesHaveNoCycle() {
        assertThat(agent.size()).as("classes imported").isGreaterThan(100);
        LayerRules.noPackageCycles(AGENT).check(agent);
    }

    @Test
    void theCoreReachesNoVertxNettyOsOrRpc() {
        LayerRules.coreStaysPure(AGENT).check(agent);
    }

    @Test
    void rpcReachesTheSupervisorOnlyThroughItsInterface() {
        LayerRules.rpcUsesTheInterface(AGENT).check(agent);
    }

    @Test
    void rpcNeverReachesTheFleetAndNothingReachesTheClusterClasses() {
        LayerRules.rpcNeverReachesTheFleet(AGENT).check(agent);
        LayerRules.staysOffTheClusterClasses(AGENT).check(agent);
    }

    @Test
    void rpcThatReachesTheFleetOrAClassThatReachesTheClusterFails() {
        assertThat(violated(LayerRules.rpcNeverReachesTheFleet(FIXTURE),
                new ClassFileImporter().importClasses(ReachesFleet.class))).isTrue();
        assertThat(violated(LayerRules.staysOffTheClusterClasses(FIXTURE),
                new ClassFileImporter().importClasses(ReachesCluster.class))).isTrue();
        assertThat(violated(LayerRules.staysOffTheClusterClasses(FIXTURE),
                new ClassFileImporter().importClasses(ReachesApp.class))).isFalse();
    }

    @Test
    void aCycleBetweenTwoPackagesFails() {
        JavaClasses cycle = new ClassFileImporter().importClasses(A.class, B.class);
        assertThat(violated(LayerRules.noPackageCycles(FIXTURE + ".cycle"), cycle)).isTrue();
        JavaClasses noCycle = new ClassFileImporter().importClasses(ReachesOs.class);
        assertThat(violated(LayerRules.noPackageCycles(FIXTURE), noCycle)).isFalse();
    }

    @Test
    void aCoreThatReachesVertxNettyOsOrRpcFails() {
        for (Class<?> leak : new Class<?>[] {ReachesVertx.class, ReachesNetty.class, ReachesOs.class, ReachesRpc.class}) {
            assertThat(violated(LayerRules.coreStaysPure(FIXTURE), new ClassFileImporter().importClasses(leak)))
                    .as(leak.getSimpleName()).isTrue();
        }
    }

    @Test
    void rpcThatReachesStartUpOrTheLocalAgentFails() {
        for (Class<?> leak : new Class<?>[] {ReachesApp.class, ReachesLocal.class}) {
            assertThat(violated(LayerRules.rpcUsesTheInterface(FIXTURE), new ClassFileImporter().importClasses(leak)))
                    .as(leak.getSimpleName()).isTrue();
        }
    }

    private static boolean violated(ArchRule rule, JavaClasses classes) {
        return rule.evaluate(classes).hasViolation();
    }
}
