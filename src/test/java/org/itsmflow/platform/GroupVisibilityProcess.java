package org.itsmflow.platform;

import java.util.UUID;

import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.task.Task;

/**
 * The test-only process {@code test-models/GroupVisibility.bpmn}: a service-desk task and a network-team task in
 * parallel. Browser and security tests start one instance each (business key unique to the test) and check who
 * sees which task. Deployment is idempotent (duplicate filtering), so every test may call {@link #start}; call
 * {@link #undeploy} after each test so that the shared database keeps no test process, instance or task that
 * other tests might count.
 */
public final class GroupVisibilityProcess {

    public static final String PROCESS_ID = "GroupVisibility";
    public static final String RESOURCE = "test-models/GroupVisibility.bpmn";
    public static final String SERVICE_DESK_TASK = "UserTask_ServiceDeskCheck";
    public static final String NETWORK_TASK = "UserTask_NetworkCheck";
    static final String DEPLOYMENT_NAME = "itsm-flow-test-models";

    /** One started instance and its two open tasks. */
    public record Instance(String businessKey, String processInstanceId, Task serviceDeskTask, Task networkTask) {}

    private GroupVisibilityProcess() {
    }

    /** Deploys the test model unless the same resource is deployed already. */
    public static void deploy(ProcessEngine engine) {
        engine.getRepositoryService().createDeployment()
                .name(DEPLOYMENT_NAME)
                .enableDuplicateFiltering(true)
                .addClasspathResource(RESOURCE)
                .deploy();
    }

    /** Removes the test deployment with its instances, tasks and history. */
    public static void undeploy(ProcessEngine engine) {
        engine.getRepositoryService().createDeploymentQuery().deploymentName(DEPLOYMENT_NAME).list()
                .forEach(d -> engine.getRepositoryService().deleteDeployment(d.getId(), true, true));
    }

    /** Deploys if needed and starts an instance whose business key begins with {@code testName}. */
    public static Instance start(ProcessEngine engine, String testName) {
        deploy(engine);
        String businessKey = testName + "-" + UUID.randomUUID();
        String id = engine.getRuntimeService().startProcessInstanceByKey(PROCESS_ID, businessKey).getId();
        Task serviceDesk = engine.getTaskService().createTaskQuery().processInstanceId(id)
                .taskDefinitionKey(SERVICE_DESK_TASK).singleResult();
        Task network = engine.getTaskService().createTaskQuery().processInstanceId(id)
                .taskDefinitionKey(NETWORK_TASK).singleResult();
        return new Instance(businessKey, id, serviceDesk, network);
    }
}
