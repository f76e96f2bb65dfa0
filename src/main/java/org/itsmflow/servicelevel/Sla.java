package org.itsmflow.servicelevel;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/**
 * A service level agreement for a service (R-6.1a): targets per priority, workload characteristics, validity.
 *
 * @param customerId the customer it was agreed with, or null when it covers every customer of the service
 * @param calendarId its business calendar, or null when it uses the service's
 * @param warningPercent share of a target after which a clock warns
 */
public record Sla(String id, String serviceId, String name, String customerId, LocalDate validFrom, LocalDate validTo,
        String calendarId, int warningPercent, String workload, int version, List<SlaTarget> targets) {

    public Optional<SlaTarget> target(Priority priority) {
        return targets.stream().filter(t -> t.priority() == priority).findFirst();
    }

    /** Whether the SLA is in force on {@code day} (both validity bounds inclusive). */
    public boolean inForceOn(LocalDate day) {
        return !day.isBefore(validFrom) && (validTo == null || !day.isAfter(validTo));
    }
}
