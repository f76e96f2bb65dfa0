package org.itsmflow.incident;

import java.time.Instant;

/**
 * Published (as a Spring application event, inside the recording transaction) each time an incident is recorded,
 * through the API or from Tasklist's start form. Problem management listens to it for trend analysis (R-8.3c)
 * without reading the incident tables.
 */
public record IncidentRecorded(String incidentId, String serviceId, String ciId, String category, Instant at) {
}
