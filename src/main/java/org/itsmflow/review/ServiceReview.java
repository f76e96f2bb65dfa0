package org.itsmflow.review;

import java.time.Instant;

/**
 * A service review with a customer (R-7.2b): the period it covers, the SLA figures and complaints collected for it,
 * the meeting, its minutes, the agreed changes and the RFC they became.
 */
public record ServiceReview(String id, String customerId, String serviceId, Instant periodFrom, Instant periodTo,
        ServiceReviewStatus status, String processInstanceId, Integer incidentCount, Integer clockCount,
        Integer breachCount, String slaFigures, String complaintFigures, Instant meetingAt, String minutes,
        String agreedChanges, String minutesBy, String changeId, Instant createdAt, Instant heldAt) {
}
