package org.itsmflow.complaint;

import java.time.Instant;

/**
 * A complaint record (R-7.2c) as stored; the process instance's business key is its {@link #id()}.
 *
 * @param formal a formal complaint (the procedure agreed with the customer) or informal feedback; null until classified
 * @param escalationLevel 0 none, 1 the customer-relations manager, 2 management (R-7.2d)
 */
public record Complaint(String id, String title, String description, Severity severity, String customerId,
        String serviceId, String incidentId, String changeId, String raisedBy, String recordedBy, Boolean formal,
        String ownerGroup, String firstEscalationGroup, String secondEscalationGroup, String classificationReason,
        Instant acknowledgeDueAt, Instant resolutionDueAt, Instant secondEscalationAt, int escalationLevel,
        ComplaintStatus status, Instant acknowledgedAt, Boolean causeFound, String cause, String actions,
        String outcome, String closureCode, String closureReason, Instant closedAt, String improvementId,
        String processInstanceId, Instant raisedAt, Instant updatedAt, int version) {
}
