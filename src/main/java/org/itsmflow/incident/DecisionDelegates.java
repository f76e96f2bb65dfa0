package org.itsmflow.incident;

import java.util.LinkedHashMap;
import java.util.Map;

import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.repository.DecisionDefinition;
import org.itsmflow.platform.DecisionResults;
import org.springframework.stereotype.Component;

/**
 * ServiceTask_ApplyPriority and ServiceTask_ApplyClassification: record what the IncidentPriority and
 * IncidentClassification tables decided, and why, on the incident (R-8.2b), and carry on only the routing flags.
 */
final class DecisionDelegates {

    private DecisionDelegates() {
    }


    /**
     * The version of decision {@code key} that the business rule task just before evaluated; asks the repository
     * for the latest version only when the engine did not say (a delegate run outside such a task).
     */
    static Integer usedVersion(DelegateExecution execution, RepositoryService repository, String key) {
        Integer used = DecisionsUsed.version(execution, key);
        return used != null ? used : latestVersion(repository, key);
    }

    static Integer latestVersion(RepositoryService repository, String key) {
        DecisionDefinition definition = repository.createDecisionDefinitionQuery().decisionDefinitionKey(key)
                .latestVersion().singleResult();
        return definition == null ? null : definition.getVersion();
    }

    /**
     * The single result of decision {@code key}, which the business rule task just before evaluated
     * ({@link DecisionsUsed}: never stored, no history rows), or, for a model that still maps the result into a
     * variable, that variable (taken out of the process).
     *
     * @throws IllegalStateException when no rule or more than one matched (the engine then retries and raises a
     *         Cockpit incident: a gap in a decision table is a defect, not a business outcome)
     */
    static Map<String, Object> singleResult(DelegateExecution execution, String key, String resultVariable) {
        if (execution.hasVariable(resultVariable)) {
            return DecisionResults.take(execution, resultVariable);
        }
        DecisionsUsed.Evaluated evaluated = DecisionsUsed.evaluated(execution, key);
        if (evaluated == null || evaluated.matches() == 0) {
            throw new IllegalStateException("The result of decision " + key + " is missing: no rule matched");
        }
        if (evaluated.matches() > 1) {
            throw new IllegalStateException("Decision " + key + " matched " + evaluated.matches()
                    + " rules; its hit policy must give one result");
        }
        return evaluated.outputs();
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
            Map<String, Object> outputs = singleResult(execution, "IncidentPriority", IncidentVariables.PRIORITY_DECISION);
            incidents.applyPriority((String) execution.getVariable(IncidentVariables.INCIDENT_ID),
                    inputs(execution, IncidentVariables.IMPACT, IncidentVariables.URGENCY), outputs,
                    usedVersion(execution, repository, "IncidentPriority"), "IncidentPriority");
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
            Map<String, Object> outputs = singleResult(execution, "IncidentClassification", IncidentVariables.CLASSIFICATION_DECISION);
            String incidentId = (String) execution.getVariable(IncidentVariables.INCIDENT_ID);
            incidents.applyClassification(incidentId,
                    inputs(execution, IncidentVariables.CATEGORY, IncidentVariables.SERVICE_ID, IncidentVariables.CI_TYPE,
                            IncidentVariables.PRIORITY),
                    outputs, usedVersion(execution, repository, "IncidentClassification"), "IncidentClassification");
            execution.setVariable(IncidentVariables.ASSIGNMENT_GROUP, outputs.get("assignmentGroup"));
            execution.setVariable(IncidentVariables.SECURITY_INCIDENT, Boolean.TRUE.equals(outputs.get("securityIncident")));
            execution.setVariable(IncidentVariables.MAJOR_INCIDENT, Boolean.TRUE.equals(outputs.get("majorIncident")));
        }
    }
}
