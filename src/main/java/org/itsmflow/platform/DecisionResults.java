package org.itsmflow.platform;

import java.util.Map;

import org.camunda.bpm.engine.delegate.DelegateExecution;

/**
 * Business rule tasks leave their single result in a variable ({@code mapDecisionResult="singleResult"}); the
 * delegate after them takes it out, so only the routing flags it derives stay in the process.
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
}
