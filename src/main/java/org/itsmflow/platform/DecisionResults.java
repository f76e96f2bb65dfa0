package org.itsmflow.platform;

import java.util.Map;

import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.repository.DecisionDefinition;

/**
 * What a business rule task decided, for the delegate after it: either the transient result {@link DecisionsUsed}
 * keeps ({@link #singleResult}, {@link #usedVersion}), or the single result a model still maps into a variable
 * ({@code mapDecisionResult="singleResult"}), which the delegate takes out ({@link #take}), so only the routing flags
 * it derives stay in the process.
 */
public final class DecisionResults {

    private DecisionResults() {
    }

    /**
     * Reads and removes the decision result held in {@code variable}.
     *
     * @throws IllegalStateException when no rule matched (the engine then retries and raises a Cockpit incident:
     *         a gap in a decision table is a defect, not a business outcome)
     */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> take(DelegateExecution execution, String variable) {
        Object value = execution.getVariable(variable);
        if (!(value instanceof Map<?, ?> map)) {
            throw new IllegalStateException("The decision result '" + variable + "' is missing: no rule matched");
        }
        execution.removeVariable(variable);
        return (Map<String, Object>) map;
    }

    /**
     * The single result of decision {@code key}, which the business rule task just before evaluated
     * ({@link DecisionsUsed}: never stored, no history rows), or, for a model that still maps the result into
     * {@code resultVariable}, that variable (taken out of the process, {@link #take}).
     *
     * @throws IllegalStateException when no rule or more than one matched (the engine then retries and raises a
     *         Cockpit incident: a gap in a decision table is a defect, not a business outcome)
     */
    public static Map<String, Object> singleResult(DelegateExecution execution, String key, String resultVariable) {
        if (execution.hasVariable(resultVariable)) {
            return take(execution, resultVariable);
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

    /**
     * The version of decision {@code key} that the business rule task just before evaluated ({@link DecisionsUsed});
     * asks the repository for the latest version only when the engine did not say (a delegate run outside such a
     * task).
     */
    public static Integer usedVersion(DelegateExecution execution, RepositoryService repository, String key) {
        Integer used = DecisionsUsed.version(execution, key);
        if (used != null) {
            return used;
        }
        DecisionDefinition definition = repository.createDecisionDefinitionQuery().decisionDefinitionKey(key)
                .latestVersion().singleResult();
        return definition == null ? null : definition.getVersion();
    }
}
