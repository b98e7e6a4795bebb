package zpm.cli.monit;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** monit sits on the console's renderers and the protocol's client; the console never on monit. */
class MonitArchitectureTest {

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS).importPackages("zpm.repl", "zpm.cli.monit");

    @Test
    void theConsoleDoesNotDependOnMonit() {
        noClasses().that().resideInAPackage("zpm.repl..").should().dependOnClassesThat().resideInAPackage("zpm.cli.monit..")
                .check(CLASSES);
    }

    @Test
    void monitUsesTheRenderersTheProtocolJLineAndJacksonOnly() {
        classes().that().resideInAPackage("zpm.cli.monit..").should().onlyDependOnClassesThat()
                .resideInAnyPackage("zpm.cli.monit..", "zpm.repl.render..", "zpm.repl", "zpm.protocol..", "org.jline..",
                        "com.fasterxml.jackson..", "java..")
                .check(CLASSES);
    }
}
