package org.itsmflow.servicelevel;

import java.time.Instant;

/** A recorded SLA breach (R-6.1d): which clock of which record missed its due time, when, why, who recorded it. */
public record SlaBreach(String id, String clockId, String recordId, ClockKind kind, Instant dueAt, Instant breachedAt,
        String cause, String recordedBy) {
}
