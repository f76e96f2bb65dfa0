package org.itsmflow.models;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Proves that {@link ModelChecker} finds each fault, on fixtures in {@code src/test/resources/model-check/} that
 * each break one clean model in one way, so {@link ModelCheckTest} cannot pass by checking nothing.
 */
class ModelCheckerFixturesTest {

    private static final Path FIXTURES = fixtures();
    private final ModelChecker checker = new ModelChecker(ModelChecker.formIds(FIXTURES.resolve("forms")));

    @Test
    void cleanFixturesHaveNoProblems() {
        assertThat(ModelChecker.formIds(FIXTURES.resolve("forms"))).containsOnlyKeys("fixture-review");
        assertThat(checker.checkBpmn(FIXTURES.resolve("valid.bpmn"))).isEmpty();
        assertThat(checker.checkDmn(FIXTURES.resolve("valid.dmn"))).isEmpty();
        assertThat(checker.checkForm(FIXTURES.resolve("forms/fixture-review.form"))).isEmpty();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            missing-shape.bpmn    | userTask UserTask_ReviewFixture has no shape in the diagram
            missing-shape.bpmn    | sequenceFlow Flow_ToEnd has no edge in the diagram
            overlap.bpmn          | shapes of UserTask_ReviewFixture and EndEvent_FixtureReviewed overlap
            generated-id.bpmn     | generated id Activity_0abc123
            no-ttl.bpmn           | process FixtureReview has no camunda:historyTimeToLive
            missing-form.bpmn     | formRef no-such-form is not a form in forms/
            no-form.bpmn          | user task UserTask_ReviewFixture has no Camunda Form
            no-form-binding.bpmn  | user task UserTask_ReviewFixture needs camunda:formRefBinding
            no-documentation.bpmn | process FixtureReview has no documentation naming the requirement ids
            no-requirement.bpmn   | process FixtureReview has no documentation naming the requirement ids
            developer-description.bpmn | user task UserTask_ReviewFixture has requirement ids or expressions in its documentation
            not-parsing.bpmn      | does not parse
            """)
    void findsEachFaultInBpmn(String fixture, String expected) {
        List<String> problems = checker.checkBpmn(FIXTURES.resolve(fixture));
        assertThat(problems).anySatisfy(p -> assertThat(p).startsWith(fixture + ": ").contains(expected));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            dmn-missing-shape.dmn    | decision Decision_FixtureUrgency has no DMNDI shape
            dmn-no-ttl.dmn           | decision Decision_FixtureUrgency has no camunda:historyTimeToLive
            dmn-no-documentation.dmn | decision Decision_FixtureUrgency has no description naming the requirement ids
            dmn-generated-id.dmn     | generated id Decision_1x2y3z4
            """)
    void findsEachFaultInDmn(String fixture, String expected) {
        List<String> problems = checker.checkDmn(FIXTURES.resolve(fixture));
        assertThat(problems).anySatisfy(p -> assertThat(p).startsWith(fixture + ": ").contains(expected));
    }

    @Test
    void findsBrokenForms() {
        assertThat(checker.checkForm(FIXTURES.resolve("bad-forms/not-json.form")))
                .anySatisfy(p -> assertThat(p).contains("not valid form JSON"));
        assertThat(checker.checkForm(FIXTURES.resolve("bad-forms/too-new.form")))
                .anySatisfy(p -> assertThat(p).contains("schemaVersion 18"));
    }

    @Test
    void eachBrokenFixtureHasOnlyTheFaultItWasMadeFor() {
        // a fixture that broke in more ways than intended would hide a checker that reports the wrong fault
        assertThat(checker.checkBpmn(FIXTURES.resolve("no-ttl.bpmn"))).hasSize(1);
        assertThat(checker.checkBpmn(FIXTURES.resolve("overlap.bpmn"))).hasSize(1);
        assertThat(checker.checkBpmn(FIXTURES.resolve("generated-id.bpmn"))).hasSize(1);
        assertThat(checker.checkBpmn(FIXTURES.resolve("developer-description.bpmn"))).hasSize(1);
        assertThat(checker.checkDmn(FIXTURES.resolve("dmn-no-ttl.dmn"))).hasSize(1);
    }

    private static Path fixtures() {
        try {
            return Path.of(ModelCheckerFixturesTest.class.getResource("/model-check/valid.bpmn").toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
