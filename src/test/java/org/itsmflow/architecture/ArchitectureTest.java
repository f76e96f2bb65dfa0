package org.itsmflow.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The application's own classes keep the arrows of {@link PackageArrows}: nothing imports {@code reporting},
 * {@code platform} imports no feature, {@code conformance} only {@code platform}, and a feature uses another
 * only through its declared services. {@link PackageArrowsFixtureTest} proves each rule fails on a bad import.
 */
class ArchitectureTest {

    private static final JavaClasses APPLICATION = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
            .importPackages("org.itsmflow");

    private final PackageArrows arrows = new PackageArrows("org.itsmflow");

    @Test
    @DisplayName("Nothing but reporting imports reporting")
    void nothingImportsReporting() {
        arrows.nothingImportsReporting().check(APPLICATION);
    }

    @Test
    @DisplayName("Platform imports no feature, conformance or reporting")
    void platformImportsNothingOfOurs() {
        arrows.platformImportsNothingOfOurs().check(APPLICATION);
    }

    @Test
    @DisplayName("Conformance imports only platform")
    void conformanceImportsOnlyPlatform() {
        arrows.conformanceImportsOnlyPlatform().check(APPLICATION);
    }

    @Test
    @DisplayName("Features (and reporting) use another feature only through its declared services")
    void featuresMeetOnlyThroughDeclaredServices() {
        arrows.featuresMeetOnlyThroughDeclaredServices().check(APPLICATION);
    }

    @Test
    @DisplayName("The rules see the application: its features, platform, conformance and reporting were imported")
    void rulesSeeTheApplication() {
        for (String top : new String[] {"platform", "conformance", "reporting", "incident", "cmdb"}) {
            assertThat(APPLICATION.stream()
                    .anyMatch(type -> type.getPackageName().startsWith("org.itsmflow." + top))).as(top).isTrue();
        }
    }
}
