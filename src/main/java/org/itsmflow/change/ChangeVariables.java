package org.itsmflow.change;

import java.util.HashMap;
import java.util.Map;

import org.camunda.bpm.engine.delegate.VariableScope;

/**
 * The ChangeManagement process's variables, declared once (names bound by the change contract). Only references
 * and routing flags travel in the process; the record lives in the change tables.
 */
final class ChangeVariables {

    static final String CHANGE_ID = "changeId";
    static final String CHANGE_TYPE = "changeType";
    static final String URGENCY = "urgency";
    static final String REQUESTER = "requester";
    static final String DEPENDENT_COUNT = "dependentCount";
    static final String FAILURE_COUNT = "failureCount";
    static final String HAS_BACKOUT_PLAN = "hasBackoutPlan";
    static final String IN_FREEZE = "inFreeze";
    static final String CONFLICT_COUNT = "conflictCount";
    static final String RISK_DECISION = "riskDecision";
    static final String RISK_LEVEL = "riskLevel";
    static final String CLASSIFICATION_DECISION = "classificationDecision";
    static final String CHANGE_CLASS = "changeClass";
    static final String APPROVAL_ROUTE = "approvalRoute";
    /** BEFORE or AFTER (implementation): when an emergency change's security and continuity impact is assessed. */
    static final String EMERGENCY_ASSESSMENT = "emergencyAssessment";
    static final String CAB_VOTERS = "cabVoters";
    static final String ECAB_VOTERS = "ecabVoters";
    static final String APPROVED = "approved";
    static final String PLANNED_START_AT = "plannedStartAt";
    static final String IMPLEMENTATION_OUTCOME = "implementationOutcome";

    private ChangeVariables() {
    }

    /** What the process starts with. */
    static Map<String, Object> start(Change change) {
        Map<String, Object> variables = new HashMap<>();
        variables.put(CHANGE_ID, change.id());
        variables.put(CHANGE_TYPE, change.changeType().name());
        variables.put(URGENCY, change.urgency().name());
        variables.put(REQUESTER, change.requester());
        return variables;
    }


    static String changeId(VariableScope scope) {
        return (String) scope.getVariable(CHANGE_ID);
    }
}
