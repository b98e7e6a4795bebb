package zpm.protocol;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Test;

/**
 * The protocol module is what the REPL, the workers' helper and any client load: it reaches
 * nothing but the JDK and Jackson (no Vert.x, no agent code), so it stays light. The rule is also
 * shown to fail, on this test class (it reaches JUnit and ArchUnit).
 */
class ProtocolDependenciesTest {

    /** {@code root} and its subpackages depend only on themselves, the JDK and Jackson. */
    static ArchRule onlyJdkAndJackson(String root) {
        return classes().that().resideInAPackage(root + "..")
                .should().onlyDependOnClassesThat().resideInAnyPackage(root + "..", "java..", "javax..",
                        "com.fasterxml.jackson..")
                .because("the protocol module is Jackson only: the REPL and the workers stay light");
    }

    @Test
    void theProtocolReachesOnlyTheJdkAndJackson() {
        JavaClasses protocol = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("zpm.protocol");
        assertThat(protocol.size()).as("classes imported").isGreaterThan(20);
        onlyJdkAndJackson("zpm.protocol").check(protocol);
    }

    @Test
    void aProtocolClassThatReachesAnotherLibraryFails() {
        JavaClasses leak = new ClassFileImporter().importClasses(ProtocolDependenciesTest.class);
        assertThat(onlyJdkAndJackson("zpm.protocol").evaluate(leak).hasViolation()).isTrue();
    }
}
