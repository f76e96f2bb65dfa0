package org.itsmflow.models;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.instance.Process;
import org.camunda.bpm.model.dmn.Dmn;
import org.camunda.bpm.model.dmn.instance.Decision;
import org.itsmflow.support.PostgresTest;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Every model file of the project is deployed in the running application: one latest process definition per
 * executable BPMN process id and one decision definition per DMN decision id (the models are the documented
 * procedures the engine executes, R-3.2).
 */
@PostgresTest
class ModelsDeployedTest {

    @Autowired
    RepositoryService repository;

    @TestFactory
    Stream<DynamicTest> everyBpmnProcessIsDeployed_R3_2() {
        return ModelChecker.files(ModelCheckTest.ROOT.resolve("bpmn"), ".bpmn").stream()
                .flatMap(file -> read(file, in -> Bpmn.readModelFromStream(in).getModelElementsByType(Process.class)
                        .stream().filter(Process::isExecutable).map(Process::getId)).map(id ->
                        DynamicTest.dynamicTest(file.getFileName() + " -> process " + id, () ->
                                assertThat(repository.createProcessDefinitionQuery().processDefinitionKey(id)
                                        .latestVersion().count()).as("latest definitions of " + id).isEqualTo(1))));
    }

    @TestFactory
    Stream<DynamicTest> everyDmnDecisionIsDeployed_R3_2() {
        return ModelChecker.files(ModelCheckTest.ROOT.resolve("dmn"), ".dmn").stream()
                .flatMap(file -> read(file, in -> Dmn.readModelFromStream(in).getModelElementsByType(Decision.class)
                        .stream().map(Decision::getId)).map(id ->
                        DynamicTest.dynamicTest(file.getFileName() + " -> decision " + id, () ->
                                assertThat(repository.createDecisionDefinitionQuery().decisionDefinitionKey(id)
                                        .latestVersion().count()).as("latest definitions of " + id).isEqualTo(1))));
    }

    private static Stream<String> read(Path file, java.util.function.Function<InputStream, Stream<String>> ids) {
        try (InputStream in = Files.newInputStream(file)) {
            return ids.apply(in).toList().stream();
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read " + file, e);
        }
    }
}
