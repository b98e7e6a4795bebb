package zpm.repl;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * No cycle among the console's packages below {@code zpm.repl} ({@code command}, {@code render},
 * {@code terminal}, each with its subpackages). The classes right in {@code zpm.repl} (the entry
 * point, the session) are no slice of their own: {@code command} uses them and they use it.
 */
class ReplArchitectureTest {

    @Test
    void theConsolesPackagesHaveNoCycle() {
        JavaClasses repl = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS).importPackages("zpm.repl");
        assertThat(repl.size()).as("classes imported").isGreaterThan(20);
        slices().matching("zpm.repl.(*)..").should().beFreeOfCycles().check(repl);
    }
}
