package org.itsmflow.incident;

import java.time.Instant;

/** One line of an incident's journal: a state change, a notification, an escalation or a note. */
public record JournalEntry(Instant at, String actor, JournalKind kind, String code, String text) {
}
