package org.itsmflow.support;

import java.time.Instant;

import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.repository.ProcessDefinition;

/**
 * What a process's start timer is scheduled from. The engine computes a timer start event's first due date from the
 * real clock when the model is deployed (at application start), so a test of such a timer compares the due date with
 * the deployment's time, never with a fixed date.
 */
public final class StartTimers {

    private StartTimers() {
    }

    /** When the latest version of the process was deployed, by the clock the engine had then. */
    public static Instant deployedAt(ProcessEngine engine, String processKey) {
        ProcessDefinition definition = engine.getRepositoryService().createProcessDefinitionQuery()
                .processDefinitionKey(processKey).latestVersion().singleResult();
        return engine.getRepositoryService().createDeploymentQuery().deploymentId(definition.getDeploymentId())
                .singleResult().getDeploymentTime().toInstant();
    }
}
