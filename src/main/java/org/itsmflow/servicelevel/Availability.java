package org.itsmflow.servicelevel;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * Availability of a service in a period (R-6.3a): agreed service time (the working time of the service's calendar
 * in the period) minus the unplanned outage time that falls inside it.
 *
 * @param agreedMinutes agreed service time in the period, from the calendar's working spans, holidays and make-up days
 * @param unplannedDowntimeMinutes unplanned outage time inside agreed service time (overlapping outages counted once)
 * @param plannedDowntimeMinutes planned outage time inside agreed service time (change windows), reported apart
 * @param availabilityPercent (agreed - unplanned downtime) / agreed x 100, 3 decimals; null without agreed time
 */
@Schema(description = "Availability of a service in a period (R-6.3a)")
public record Availability(String serviceId, String serviceName, String calendarId, Instant from, Instant to,
        long agreedMinutes, long unplannedDowntimeMinutes, long plannedDowntimeMinutes, BigDecimal availabilityPercent,
        List<OutageInPeriod> outages) {

    /** One outage record as it counts in the period: its downtime inside agreed service time, clipped to the period. */
    public record OutageInPeriod(long id, String recordId, String ciId, String kind, Instant startedAt, Instant endedAt,
            long downtimeMinutes) {
    }
}
