package org.itsmflow.reporting;

/** The process variables of {@code bpmn/ServiceReporting.bpmn}: ids and routing only. */
final class ReportingVariables {

    /** The stored report under review, {@code RPT-000001}. */
    static final String REPORT_ID = "reportId";
    /** The outage record under investigation (service_outage.id). */
    static final String OUTAGE_ID = "outageId";
    /** The candidate group of the review and investigation tasks. */
    static final String OWNER_GROUP = "ownerGroup";
    static final String DECISIONS = "decisions";
    static final String CORRECTIVE_ACTIONS = "correctiveActions";
    static final String CAUSE = "cause";
    static final String FINDINGS = "findings";
    /** "YES" when the investigation calls for an improvement item. */
    static final String IMPROVEMENT_NEEDED = "improvementNeeded";

    private ReportingVariables() {
    }
}
