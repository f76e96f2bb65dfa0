package org.itsmflow.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.repository.DecisionDefinition;
import org.camunda.bpm.engine.repository.Deployment;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.itsmflow.support.PostgresTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Files and engine agree (docs/user-guide/process-owners.md): a restart deploys a model file only when it changed
 * since the files were last deployed. Unchanged files never replace a newer version a process owner deployed from
 * Camunda Modeler; a file changed in the repository is deployed and becomes the latest version.
 */
@PostgresTest
class ModelRedeploymentTest {

    @Autowired
    ProcessEngine engine;
    @Autowired
    ModelDeployer deployer;

    final List<String> deployments = new ArrayList<>();

    @AfterEach
    void restoreTheFiles() {
        // the cached context is shared: put the files' versions back as the latest for the other test classes
        deployments.forEach(id -> engine.getRepositoryService().deleteDeployment(id, true, true));
        deployer.postProcessEngineBuild(engine);
    }

    DecisionDefinition latestIncidentPriority() {
        return engine.getRepositoryService().createDecisionDefinitionQuery().decisionDefinitionKey("IncidentPriority")
                .latestVersion().singleResult();
    }

    @Test
    @DisplayName("R-3.2 unchanged models are not redeployed on restart; every model keeps its folder-relative name")
    void unchangedModelsAreNotRedeployed() {
        long count = engine.getRepositoryService().createDeploymentQuery().count();
        ProcessDefinition before = engine.getRepositoryService().createProcessDefinitionQuery()
                .processDefinitionKey("IncidentManagement").latestVersion().singleResult();

        deployer.postProcessEngineBuild(engine); // what a restart does

        assertThat(engine.getRepositoryService().createDeploymentQuery().count()).isEqualTo(count);
        ProcessDefinition after = engine.getRepositoryService().createProcessDefinitionQuery()
                .processDefinitionKey("IncidentManagement").latestVersion().singleResult();
        assertThat(after.getId()).isEqualTo(before.getId());
        assertThat(after.getResourceName()).isEqualTo("bpmn/IncidentManagement.bpmn");
        assertThat(latestIncidentPriority().getResourceName()).isEqualTo("dmn/IncidentPriority.dmn");
    }

    @ParameterizedTest(name = "Modeler deployment ''{0}'' from ''{1}'' with resource {2}")
    @CsvSource({"Modeler change, Camunda Modeler, IncidentPriority.dmn",
            "itsm-flow-models, itsm-flow, dmn/IncidentPriority.dmn"})
    @DisplayName("R-3.2 a restart after a Modeler deployment does not downgrade it, even one named like the files' deployment")
    void restartKeepsTheModelerVersion(String name, String source, String resource) throws Exception {
        Deployment modeler = engine.getRepositoryService().createDeployment().name(name).source(source)
                .addString(resource, DeploymentGuardTest.changedIncidentPriority()).deploy();
        deployments.add(modeler.getId());
        DecisionDefinition fromModeler = latestIncidentPriority();
        assertThat(fromModeler.getDeploymentId()).isEqualTo(modeler.getId());

        deployer.postProcessEngineBuild(engine); // a restart with unchanged files

        assertThat(latestIncidentPriority().getId()).isEqualTo(fromModeler.getId());
    }

    @Test
    @DisplayName("R-3.2 a file changed in the repository is deployed at restart and becomes the latest version, over a Modeler version")
    void changedFileWins() throws Exception {
        RepositoryService repository = engine.getRepositoryService();
        Deployment modeler = repository.createDeployment().name("Modeler change").source("Camunda Modeler")
                .addString("IncidentPriority.dmn", DeploymentGuardTest.changedIncidentPriority()).deploy();
        deployments.add(modeler.getId());
        String changedInRepository = DeploymentGuardTest.changedIncidentPriority()
                .replace(DeploymentGuardTest.RAISED_REASON, "P3 because the repository says so");
        List<ModelDeployer.Model> files = new ArrayList<>(deployer.findModels());
        files.replaceAll(m -> m.name().equals("dmn/IncidentPriority.dmn")
                ? new ModelDeployer.Model(m.name(), changedInRepository.getBytes(StandardCharsets.UTF_8)) : m);
        ProcessDefinition incidentProcess = repository.createProcessDefinitionQuery()
                .processDefinitionKey("IncidentManagement").latestVersion().singleResult();

        Deployment restart = deployer.deploy(engine, files); // a restart with the changed file
        deployments.add(restart.getId());

        DecisionDefinition latest = latestIncidentPriority();
        assertThat(latest.getDeploymentId()).isEqualTo(restart.getId());
        assertThat(latest.getResourceName()).isEqualTo("dmn/IncidentPriority.dmn");
        assertThat(new String(repository.getResourceAsStream(restart.getId(), "dmn/IncidentPriority.dmn")
                .readAllBytes(), StandardCharsets.UTF_8)).contains("P3 because the repository says so");
        assertThat(repository.getDeploymentResourceNames(restart.getId())).containsExactly("dmn/IncidentPriority.dmn");
        assertThat(repository.createProcessDefinitionQuery().processDefinitionKey("IncidentManagement")
                .latestVersion().singleResult().getId()).as("unchanged files keep their versions")
                .isEqualTo(incidentProcess.getId());

        assertThat(deployer.deploy(engine, files)).as("the next restart with the same files deploys nothing").isNull();
    }
}
