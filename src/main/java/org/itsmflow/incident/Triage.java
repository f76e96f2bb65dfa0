package org.itsmflow.incident;

/** What the service desk confirmed or corrected at triage. */
public record Triage(String impact, String urgency, String category, String assignmentGroup, String note) {
}
