package org.itsmflow.incident;

import java.util.LinkedHashMap;
import java.util.Map;

import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.itsmflow.platform.DecisionResults;
import org.springframework.stereotype.Component;

/**
 * ServiceTask_ApplyPriority and ServiceTask_ApplyClassification: record what the IncidentPriority and
 * IncidentClassification tables decided, and why, on the incident (R-8.2b), and carry on only the routing flags.
 */
final class DecisionDelegates {

    private DecisionDelegates() {
    }

    static Map<String, Object> inputs(DelegateExecution execution, String... names) {
        Map<String, Object> inputs = new LinkedHashMap<>();
        for (String name : names) {
            inputs.put(name, execution.getVariable(name));
        }
        return inputs;
    }

    @Component("applyPriorityDecisionDelegate")
    static class ApplyPriority implements JavaDelegate {
        private final IncidentService incidents;
        private final RepositoryService repository;

        ApplyPriority(IncidentService incidents, RepositoryService repository) {
            this.incidents = incidents;
            this.repository = repository;
        }

        @Override
        public void execute(DelegateExecution execution) {
            Map<String, Object> outputs = DecisionResults.singleResult(execution, "IncidentPriority", IncidentVariables.PRIORITY_DECISION);
            incidents.applyPriority((String) execution.getVariable(IncidentVariables.INCIDENT_ID),
                    inputs(execution, IncidentVariables.IMPACT, IncidentVariables.URGENCY), outputs,
                    DecisionResults.usedVersion(execution, repository, "IncidentPriority"), "IncidentPriority");
            execution.setVariable(IncidentVariables.PRIORITY, outputs.get("priority"));
        }
    }

    @Component("applyClassificationDecisionDelegate")
    static class ApplyClassification implements JavaDelegate {
        private final IncidentService incidents;
        private final RepositoryService repository;

        ApplyClassification(IncidentService incidents, RepositoryService repository) {
            this.incidents = incidents;
            this.repository = repository;
        }

        @Override
        public void execute(DelegateExecution execution) {
            Map<String, Object> outputs = DecisionResults.singleResult(execution, "IncidentClassification", IncidentVariables.CLASSIFICATION_DECISION);
            String incidentId = (String) execution.getVariable(IncidentVariables.INCIDENT_ID);
            incidents.applyClassification(incidentId,
                    inputs(execution, IncidentVariables.CATEGORY, IncidentVariables.SERVICE_ID, IncidentVariables.CI_TYPE,
                            IncidentVariables.PRIORITY),
                    outputs, DecisionResults.usedVersion(execution, repository, "IncidentClassification"), "IncidentClassification");
            execution.setVariable(IncidentVariables.ASSIGNMENT_GROUP, outputs.get("assignmentGroup"));
            execution.setVariable(IncidentVariables.SECURITY_INCIDENT, Boolean.TRUE.equals(outputs.get("securityIncident")));
            execution.setVariable(IncidentVariables.MAJOR_INCIDENT, Boolean.TRUE.equals(outputs.get("majorIncident")));
        }
    }
}
