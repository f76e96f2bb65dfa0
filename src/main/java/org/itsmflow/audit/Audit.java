package org.itsmflow.audit;

import java.time.Instant;
import java.util.List;

/**
 * An audit ({@code AUD-000001}, R-4.3a, R-9.1i): the programme line it answers, its scope (process area and period
 * {@code [periodFrom, periodTo)}), its lead auditor (who did none of the audited work, R-4.3b), its status and
 * findings, report, management response and follow-up.
 */
public record Audit(String id, String programmeId, ProcessArea processArea, Instant periodFrom, Instant periodTo,
        Instant dueAt, String leadAuditor, AuditStatus status, String auditPlan, String report,
        String managementResponse, String followUp, String processInstanceId, String requestedBy, Instant createdAt,
        Instant reportedAt, Instant closedAt, List<AuditFinding> findings) {

    public Audit {
        findings = findings == null ? List.of() : List.copyOf(findings);
    }
}
