package org.itsmflow.incident;

import java.time.Instant;

/** A decision taken on an incident and why: a DMN evaluation or a person's triage correction (R-8.2b). */
public record IncidentDecision(String decision, Integer decisionVersion, String inputs, String outputs, String reason,
        Instant decidedAt, String decidedBy) {
}
