package org.itsmflow.event;

import java.util.Map;

import org.camunda.bpm.dmn.engine.DmnDecisionResultEntries;
import org.camunda.bpm.engine.DecisionService;
import org.camunda.bpm.engine.variable.Variables;
import org.springframework.stereotype.Component;

/** Evaluates the deployed tables of {@code dmn/EventClassification.dmn} for an alert's labels. */
@Component
class EventClassifier {

    static final String CLASSIFICATION = "EventClassification";
    static final String SERVICE = "EventService";

    private final DecisionService decisions;

    EventClassifier(DecisionService decisions) {
        this.decisions = decisions;
    }

    /** What the process owner's table says about an alert. */
    record Classification(boolean ignore, String impact, String urgency, String category, boolean resolveWhenCleared,
            String reason, String serviceId) {
    }

    Classification classify(String alertName, String severity, String serviceLabel) {
        Map<String, Object> outputs = first(CLASSIFICATION, Variables.createVariables()
                .putValue("alertname", alertName).putValue("severity", severity == null ? "" : severity));
        Map<String, Object> service = first(SERVICE, Variables.createVariables()
                .putValue("service", serviceLabel == null ? "" : serviceLabel));
        String serviceId = (String) service.get("serviceId");
        return new Classification(Boolean.TRUE.equals(outputs.get("ignore")), (String) outputs.get("impact"),
                (String) outputs.get("urgency"), (String) outputs.get("category"),
                Boolean.TRUE.equals(outputs.get("resolveWhenCleared")), (String) outputs.get("classificationReason"),
                serviceId == null || serviceId.isBlank() ? null : serviceId);
    }

    private Map<String, Object> first(String key, Map<String, Object> variables) {
        DmnDecisionResultEntries result = decisions.evaluateDecisionByKey(key).variables(variables).evaluate()
                .getFirstResult();
        if (result == null) {
            throw new IllegalStateException(key + " has no rule for " + variables);
        }
        return result.getEntryMap();
    }
}
