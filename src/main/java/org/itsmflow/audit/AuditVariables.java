package org.itsmflow.audit;

/** The variables of {@code bpmn/InternalAudit.bpmn} and {@code bpmn/ConfigurationAudit.bpmn}: ids and flags only. */
final class AuditVariables {

    static final String AUDIT_ID = "auditId";
    /** The programme line an audit started by hand in Tasklist answers (start form). */
    static final String PROGRAMME_ID = "programmeId";
    static final String PROCESS_AREA = "processArea";
    /** The candidate group of "Respond to findings": the audited area's managers. */
    static final String RESPONSE_GROUP = "responseGroup";
    /** The auditor who performs and reports the audit (assignee of those tasks); null until one is chosen. */
    static final String LEAD_AUDITOR = "leadAuditor";
    static final String AUDIT_PLAN = "auditPlan";
    /** Perform audit: one finding a line, "MAJOR | R-8.2a | what was found". */
    static final String FINDINGS = "findings";
    static final String REPORT = "report";
    static final String FINDING_COUNT = "findingCount";
    static final String MANAGEMENT_RESPONSE = "managementResponse";
    /** Follow-up: YES when the corrective actions are in place and effective, NO sends them back to management. */
    static final String ACTIONS_EFFECTIVE = "actionsEffective";
    static final String FOLLOW_UP_NOTES = "followUpNotes";
    /** Configuration audit: the CIs sampled for verification, and what the auditor found per CI. */
    static final String SAMPLE = "sampleCiIds";
    static final String VERIFICATION = "verification";
    static final String INITIATOR = "requestedBy";

    private AuditVariables() {
    }
}
