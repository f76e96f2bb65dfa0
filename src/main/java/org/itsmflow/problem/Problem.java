package org.itsmflow.problem;

import java.time.Instant;
import java.util.List;

/** A problem as stored (R-8.3a, R-8.3b), with the incidents linked to it. */
public record Problem(String id, String title, String description, String serviceId, String ciId, String category,
        String impact, String urgency, String priority, String priorityReason, String assignmentGroup, String source,
        ProblemStatus status, String raisedBy, String rootCause, String knownErrorId, String changeId, int reopenCount,
        String processInstanceId, Instant raisedAt, Instant fixedAt, Instant closedAt, Instant updatedAt,
        List<String> incidentIds) {
}
