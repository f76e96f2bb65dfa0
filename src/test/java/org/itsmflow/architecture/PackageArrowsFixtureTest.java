package org.itsmflow.architecture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import com.tngtech.archunit.lang.ViolationHandler;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Proves that each rule of {@link PackageArrows} fails on a bad import, on the small application under
 * {@code src/test/java/fixture/arrows}: one class per rule breaks it, and the class that uses platform, the
 * conformance SPI and another feature's service and record breaks none, so {@link ArchitectureTest} cannot pass by
 * checking nothing.
 */
class PackageArrowsFixtureTest {

    private static final String ROOT = "fixture.arrows";
    private static final JavaClasses FIXTURE = new ClassFileImporter().importPackages(ROOT);

    private final PackageArrows arrows = new PackageArrows(ROOT);

    @Test
    @DisplayName("An upward import of reporting by a feature fails the rule, and only that one")
    void upwardImportOfReporting() {
        assertThat(violators(arrows.nothingImportsReporting())).containsExactly(ROOT + ".incident.ImportsReporting");
    }

    @Test
    @DisplayName("Platform calling a feature's service fails the rule")
    void platformImportingAFeature() {
        assertThat(violators(arrows.platformImportsNothingOfOurs()))
                .containsExactly(ROOT + ".platform.ReachesUpIntoIncident");
    }

    @Test
    @DisplayName("Conformance using a feature's record fails the rule; the SPI using platform does not")
    void conformanceImportingAFeature() {
        assertThat(violators(arrows.conformanceImportsOnlyPlatform()))
                .containsExactly(ROOT + ".conformance.ChecksAnIncident");
    }

    @Test
    @DisplayName("A feature reaching into another's store fails; through its @Service and record it passes")
    void featureReachingIntoAnotherFeaturesInternals() {
        Set<String> violators = violators(arrows.featuresMeetOnlyThroughDeclaredServices());
        assertThat(violators).containsExactly(ROOT + ".incident.ReachesIntoCmdbStore");
        assertThat(violators).doesNotContain(ROOT + ".incident.UsesCmdbThroughItsService",
                ROOT + ".reporting.MonthlyReport");
    }

    @Test
    @DisplayName("check() throws on the fixture and names the offending class and target")
    void checkThrowsWithTheOffendingImport() {
        assertThatThrownBy(() -> arrows.nothingImportsReporting().check(FIXTURE))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("ImportsReporting")
                .hasMessageContaining("MonthlyReport");
        assertThatThrownBy(() -> arrows.featuresMeetOnlyThroughDeclaredServices().check(FIXTURE))
                .hasMessageContaining("CiStore is not a declared service of cmdb");
    }

    /** The classes whose dependencies break the rule. */
    private static Set<String> violators(ArchRule rule) {
        EvaluationResult result = rule.evaluate(FIXTURE);
        Set<String> origins = new TreeSet<>();
        result.handleViolations(new ViolationHandler<Dependency>() {
            @Override
            public void handle(Collection<Dependency> violatingObjects, String message) {
                violatingObjects.forEach(dependency -> origins.add(dependency.getOriginClass().getName()));
            }
        });
        assertThat(result.hasViolation()).isEqualTo(!origins.isEmpty());
        return origins;
    }
}
