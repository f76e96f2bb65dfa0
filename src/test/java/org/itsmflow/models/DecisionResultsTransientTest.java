package org.itsmflow.models;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.instance.BusinessRuleTask;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * No business rule task of any process stores its decision result as a process variable (docs/adr/0011): the step
 * after it reads the evaluated result and version from {@code platform.DecisionsUsed} through
 * {@code DecisionResults.singleResult}. A result variable would be a Java-serialised map with runtime, history and
 * byte-array rows per evaluation, read once and removed; the decision's evidence is the engine's decision history
 * (R-8.2b, R-9.2b), which stays.
 */
class DecisionResultsTransientTest {

    @TestFactory
    Stream<DynamicTest> noBusinessRuleTaskMapsItsResultIntoAVariable() {
        return ModelChecker.files(ModelCheckTest.ROOT.resolve("bpmn"), ".bpmn").stream()
                .flatMap(file -> tasks(file).map(task -> DynamicTest.dynamicTest(
                        file.getFileName() + " -> " + task.getId() + " (" + task.getCamundaDecisionRef() + ")", () ->
                                assertThat(task.getCamundaResultVariable()).as("camunda:resultVariable").isNull())));
    }

    private static Stream<BusinessRuleTask> tasks(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return Bpmn.readModelFromStream(in).getModelElementsByType(BusinessRuleTask.class).stream()
                    .filter(task -> task.getCamundaDecisionRef() != null).toList().stream();
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read " + file, e);
        }
    }
}
