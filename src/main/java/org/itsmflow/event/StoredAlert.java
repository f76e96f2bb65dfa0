package org.itsmflow.event;

import java.time.Instant;

import io.swagger.v3.oas.annotations.media.Schema;

/** A monitoring alert as kept: one row per Alertmanager fingerprint, attached to one incident. */
@Schema(description = "A monitoring alert attached to an incident")
public record StoredAlert(long id, String fingerprint, String alertName, String ciId, String serviceId,
        String incidentId, Correlation correlation, AlertStatus status, int deliveryCount, Instant firstSeen,
        Instant lastSeen, Instant startsAt, Instant endsAt, boolean resolveWhenCleared, String summary,
        String generatorUrl, String labels) {
}
