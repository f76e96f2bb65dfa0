package org.itsmflow.problem;

import java.time.Instant;

/** A known error (R-8.3f): a problem whose cause is known, with the workaround incident handlers can apply. */
public record KnownError(String id, String title, String symptoms, String rootCause, String workaround, String ciId,
        String serviceId, String category, String status, String problemId, Instant createdAt, Instant updatedAt) {
}
