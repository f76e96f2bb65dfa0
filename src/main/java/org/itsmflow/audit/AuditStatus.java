package org.itsmflow.audit;

/** Where an audit stands. */
public enum AuditStatus {
    /** Opened from the programme; the audit is being planned and its auditor chosen. */
    PLANNED,
    /** The auditor is chosen (and independent of the audited work, R-4.3b) and performs the audit. */
    IN_PROGRESS,
    /** The findings are recorded; the report is being written. */
    FINDINGS_RECORDED,
    /** The report is issued; each finding has its corrective action in the improvement register. */
    REPORTED,
    /** Management has answered the findings. */
    RESPONDED,
    /** Corrective actions followed up, or no findings: the audit is done. */
    CLOSED
}
