package org.itsmflow.incident;

import java.util.HashMap;
import java.util.Map;

import org.camunda.bpm.engine.variable.Variables;

/**
 * The IncidentManagement process's variables, declared once. Only references and routing flags travel in the
 * process; the record lives in the incident table.
 */
final class IncidentVariables {

    static final String INCIDENT_ID = "incidentId";
    static final String SERVICE_ID = "serviceId";
    static final String CI_ID = "ciId";
    static final String CI_TYPE = "ciType";
    static final String CATEGORY = "category";
    static final String IMPACT = "impact";
    static final String URGENCY = "urgency";
    static final String REPORTED_BY = "reportedBy";
    static final String PRIORITY = "priority";
    static final String ASSIGNMENT_GROUP = "assignmentGroup";
    static final String SECURITY_INCIDENT = "securityIncident";
    static final String MAJOR_INCIDENT = "majorIncident";
    static final String RESPONSE_DUE_AT = "responseDueAt";
    static final String RESOLUTION_WARNING_AT = "resolutionWarningAt";
    static final String RESOLUTION_DUE_AT = "resolutionDueAt";
    /** The support line a resolution breach was escalated to (a group id), read by the escalation mail step. */
    static final String ESCALATED_TO = "escalatedTo";
    static final String CONFIRMATION_WAIT = "confirmationWait";
    static final String PRIORITY_DECISION = "priorityDecision";
    static final String CLASSIFICATION_DECISION = "classificationDecision";

    private IncidentVariables() {
    }

    /**
     * The inputs of the decision tables; the DMN tables see an empty ciType when no CI is given. {@code ciType} is
     * only an input of IncidentClassification, evaluated in the same transaction: it is transient (never stored, no
     * history rows; the record keeps the CI's type).
     */
    static Map<String, Object> routing(String serviceId, String ciId, String ciType, String category, String impact,
            String urgency, String reportedBy) {
        Map<String, Object> variables = new HashMap<>();
        variables.put(SERVICE_ID, serviceId);
        variables.put(CI_ID, ciId);
        variables.put(CI_TYPE, Variables.stringValue(ciType == null ? "" : ciType, true));
        variables.put(CATEGORY, category);
        variables.put(IMPACT, impact);
        variables.put(URGENCY, urgency);
        variables.put(REPORTED_BY, reportedBy);
        return variables;
    }
}
