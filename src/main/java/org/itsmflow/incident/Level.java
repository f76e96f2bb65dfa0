package org.itsmflow.incident;

/** Impact or urgency as the reporter judges it; the IncidentPriority table turns the pair into P1–P4. */
public enum Level {
    HIGH, MEDIUM, LOW
}
