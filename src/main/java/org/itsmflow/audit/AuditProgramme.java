package org.itsmflow.audit;

import java.time.Instant;

/**
 * One line of the audit programme (R-4.3a): a process area audited against its criteria, by a method, every
 * {@code frequency} (ISO-8601 period, {@code P6M}); the next audit falls due at {@code nextDue}.
 */
public record AuditProgramme(String id, String name, ProcessArea processArea, String criteria, String method,
        String frequency, Instant nextDue, boolean active, String createdBy, Instant createdAt) {
}
