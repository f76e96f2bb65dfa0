package org.itsmflow.platform;

import static org.assertj.core.api.Assertions.assertThat;

import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.itsmflow.support.PostgresTest;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** A restart with unchanged models deploys nothing new: process owners' versions only move when a file changes. */
@PostgresTest
class ModelRedeploymentTest {

    @Autowired
    ProcessEngine engine;
    @Autowired
    ModelDeployer deployer;

    @Test
    @DisplayName("R-3.2 unchanged models are not redeployed on restart; every model keeps its folder-relative name")
    void unchangedModelsAreNotRedeployed() {
        long deployments = engine.getRepositoryService().createDeploymentQuery().count();
        ProcessDefinition before = engine.getRepositoryService().createProcessDefinitionQuery()
                .processDefinitionKey("IncidentManagement").latestVersion().singleResult();

        deployer.postProcessEngineBuild(engine); // what a restart does

        assertThat(engine.getRepositoryService().createDeploymentQuery().count()).isEqualTo(deployments);
        ProcessDefinition after = engine.getRepositoryService().createProcessDefinitionQuery()
                .processDefinitionKey("IncidentManagement").latestVersion().singleResult();
        assertThat(after.getId()).isEqualTo(before.getId());
        assertThat(after.getResourceName()).isEqualTo("bpmn/IncidentManagement.bpmn");
        assertThat(engine.getRepositoryService().createDecisionDefinitionQuery().decisionDefinitionKey("IncidentPriority")
                .latestVersion().singleResult().getResourceName()).isEqualTo("dmn/IncidentPriority.dmn");
    }
}
