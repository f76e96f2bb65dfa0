package org.itsmflow.incident;

import java.time.Instant;

/** An incident record (R-8.2a) as stored; the process instance's business key is its {@link #id()}. */
public record Incident(String id, String title, String description, String serviceId, String ciId, String ciType,
        String category, String impact, String urgency, String priority, String priorityReason,
        String assignmentGroup, boolean securityIncident, boolean majorIncident, String classificationReason,
        IncidentStatus status, String reportedBy, Instant reportedAt, Instant resolvedAt, String resolutionNote,
        Instant closedAt, String closureCode, String closureNote, int reopenCount, String processInstanceId,
        Instant updatedAt, int version) {
}
