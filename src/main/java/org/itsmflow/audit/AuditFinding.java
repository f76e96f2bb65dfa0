package org.itsmflow.audit;

import java.time.Instant;

/**
 * A finding of an audit: its severity, what was found, the requirement not (fully) met ({@code R-8.2a}), for a
 * configuration audit the CI concerned, and its corrective action, an item of the improvement register.
 */
public record AuditFinding(String id, String auditId, Severity severity, String description, String requirementId,
        String ciId, String improvementId, String recordedBy, Instant recordedAt) {
}
