package org.itsmflow.incident;

import java.util.Map;

import org.camunda.bpm.dmn.engine.DmnDecisionResultEntries;
import org.camunda.bpm.engine.DecisionService;
import org.camunda.bpm.engine.variable.Variables;
import org.springframework.stereotype.Component;

/** Evaluates the deployed IncidentPriority table outside the process (re-prioritisation at triage). */
@Component
class PriorityDecision {

    private final DecisionService decisions;

    PriorityDecision(DecisionService decisions) {
        this.decisions = decisions;
    }

    /** @return the table's outputs: {@code priority} and {@code priorityReason} */
    Map<String, Object> decide(String impact, String urgency) {
        DmnDecisionResultEntries result = decisions.evaluateDecisionByKey("IncidentPriority")
                .variables(Variables.createVariables().putValue("impact", impact).putValue("urgency", urgency))
                .evaluate().getSingleResult();
        if (result == null) {
            throw new IllegalStateException("IncidentPriority has no rule for impact " + impact + ", urgency " + urgency);
        }
        return result.getEntryMap();
    }
}
