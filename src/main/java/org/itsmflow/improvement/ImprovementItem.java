package org.itsmflow.improvement;

import java.time.Instant;
import java.time.LocalDate;

/**
 * One item of the service improvement register.
 *
 * @param source where it came from: SLA_BREACH, COMPLAINT, PROBLEM_REVIEW, CHANGE_REVIEW, RELEASE, AUDIT,
 *        SERVICE_REPORT, OUTAGE_REVIEW or MANUAL
 * @param sourceRef the record that raised it, e.g. {@code CMP-000007}
 * @param serviceId the service it improves, when known
 * @param priority HIGH, MEDIUM or LOW
 * @param status PROPOSED, ASSESSED, AUTHORISED, IN_PROGRESS, DONE or REJECTED
 */
public record ImprovementItem(String id, String source, String sourceRef, String serviceId, String title,
        String description, String priority, String status, String assessment, String owner, LocalDate targetDate,
        String authorisedBy, Instant authorisedAt, Instant createdAt, Instant updatedAt, Instant closedAt) {

    /** Whether the item is finished: DONE or REJECTED. */
    public boolean closed() {
        return ImprovementRegister.DONE.equals(status) || ImprovementRegister.REJECTED.equals(status);
    }
}
