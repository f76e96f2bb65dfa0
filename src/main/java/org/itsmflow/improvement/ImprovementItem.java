package org.itsmflow.improvement;

import java.time.Instant;

/**
 * One item of the service improvement register.
 *
 * @param source where it came from: SLA_BREACH, COMPLAINT, PROBLEM_REVIEW, CHANGE_REVIEW, RELEASE or AUDIT
 * @param sourceRef the record that raised it, e.g. {@code CMP-000007}
 * @param priority HIGH, MEDIUM or LOW
 * @param status PROPOSED when recorded; assessing and authorising it come later
 */
public record ImprovementItem(String id, String source, String sourceRef, String title, String description,
        String priority, String status, Instant createdAt) {
}
