package org.itsmflow.complaint;

import java.util.HashMap;
import java.util.Map;

/**
 * The ComplaintHandling process's variables, declared once. Only references, decision inputs and routing flags
 * travel in the process; the record lives in the complaint table.
 */
final class ComplaintVariables {

    static final String COMPLAINT_ID = "complaintId";
    static final String SEVERITY = "severity";
    static final String FORMAL_AGREED = "formalAgreed";
    static final String CUSTOMER_ID = "customerId";
    static final String SERVICE_ID = "serviceId";
    static final String RAISED_BY = "raisedBy";
    static final String FORMAL = "formal";
    static final String OWNER_GROUP = "ownerGroup";
    static final String ACKNOWLEDGE_DUE_AT = "acknowledgeDueAt";
    static final String RESOLUTION_DUE_AT = "resolutionDueAt";
    static final String SECOND_ESCALATION_AT = "secondEscalationAt";
    static final String CAUSE_FOUND = "causeFound";
    static final String CLASSIFICATION_DECISION = "classificationDecision";
    static final String ESCALATION_LEVEL = "escalationLevel";

    private ComplaintVariables() {
    }

    /** The inputs of the ComplaintClassification table: all four always set, null allowed (JUEL needs them). */
    static Map<String, Object> decisionInputs(Complaint complaint, boolean formalAgreed) {
        Map<String, Object> variables = new HashMap<>();
        variables.put(COMPLAINT_ID, complaint.id());
        variables.put(SEVERITY, complaint.severity().name());
        variables.put(FORMAL_AGREED, formalAgreed);
        variables.put(CUSTOMER_ID, complaint.customerId());
        variables.put(SERVICE_ID, complaint.serviceId());
        variables.put(RAISED_BY, complaint.raisedBy());
        return variables;
    }
}
