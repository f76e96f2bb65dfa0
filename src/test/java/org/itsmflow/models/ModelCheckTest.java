package org.itsmflow.models;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The process owner's models pass the model checks (see {@link ModelChecker}): one test per file of the project's
 * top-level {@code bpmn/}, {@code dmn/} and {@code forms/}. With no models yet there are no tests, not a failure;
 * {@link ModelCheckerFixturesTest} proves the checker finds each fault.: the models are the documented
 * procedures, so they must be complete, readable and traceable to the requirements they fulfil.
 */
class ModelCheckTest {

    /** The project root: Maven's {@code basedir}, else the working directory. */
    static final Path ROOT = Path.of(System.getProperty("basedir", System.getProperty("user.dir")));

    private final ModelChecker checker = new ModelChecker(ModelChecker.formIds(ROOT.resolve("forms")));

    @TestFactory
    Stream<DynamicTest> everyBpmnModelPassesTheModelChecks_R3_2() {
        return tests("bpmn", ".bpmn", checker::checkBpmn);
    }

    @TestFactory
    Stream<DynamicTest> everyDmnDecisionPassesTheModelChecks_R3_2() {
        return tests("dmn", ".dmn", checker::checkDmn);
    }

    @TestFactory
    Stream<DynamicTest> everyCamundaFormIsValid() {
        return tests("forms", ".form", checker::checkForm);
    }

    private static Stream<DynamicTest> tests(String folder, String suffix,
            Function<Path, java.util.List<String>> check) {
        return ModelChecker.files(ROOT.resolve(folder), suffix).stream().map(file -> DynamicTest.dynamicTest(
                folder + "/" + ROOT.resolve(folder).relativize(file), file.toUri(),
                () -> assertThat(check.apply(file)).as("model check problems of " + file.getFileName()).isEmpty()));
    }

    /** The form ids the checker resolves against, for other tests. */
    static Map<String, Path> productFormIds() {
        return ModelChecker.formIds(ROOT.resolve("forms"));
    }
}
