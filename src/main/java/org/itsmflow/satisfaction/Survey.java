package org.itsmflow.satisfaction;

import java.time.Instant;

/**
 * A satisfaction survey sent when an incident closed (R-7.2e): whom it asks, about which service and customer, when
 * its link expires, and the answer once given.
 */
public record Survey(String id, String incidentId, String subject, String serviceId, String customerId, String respondent,
        Instant invitedAt, Instant expiresAt, Instant answeredAt, Integer score, String comment,
        String followUpInstance, String followUpOutcome, String followUpNote, String followedUpBy,
        Instant followedUpAt) {

    boolean answered() {
        return answeredAt != null;
    }
}
