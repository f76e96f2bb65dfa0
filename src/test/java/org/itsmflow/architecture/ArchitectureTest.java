package org.itsmflow.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

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

    static Stream<Named<ArchRule>> rules() {
        PackageArrows arrows = new PackageArrows("org.itsmflow");
        return Stream.of(
                Named.of("Nothing but reporting imports reporting", arrows.nothingImportsReporting()),
                Named.of("Platform imports no feature, conformance or reporting", arrows.platformImportsNothingOfOurs()),
                Named.of("Conformance imports only platform", arrows.conformanceImportsOnlyPlatform()),
                Named.of("Features (and reporting) use another feature only through its declared services",
                        arrows.featuresMeetOnlyThroughDeclaredServices()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rules")
    void arrowsPointOneWay(ArchRule rule) {
        rule.check(APPLICATION);
    }

    @Test
    @DisplayName("The rules see the application: its features, platform, conformance and reporting were imported")
    void rulesSeeTheApplication() {
        for (String top : new String[] {"platform", "conformance", "reporting", "incident", "cmdb"}) {
            assertThat(APPLICATION.stream().anyMatch(type -> type.getPackageName().startsWith("org.itsmflow." + top)))
                    .as(top).isTrue();
        }
    }
}
