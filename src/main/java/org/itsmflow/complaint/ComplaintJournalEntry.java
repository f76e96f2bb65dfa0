package org.itsmflow.complaint;

import java.time.Instant;

/** One thing that happened to a complaint: a step, a notification, an escalation (kind STATUS, NOTIFICATION, ESCALATION, NOTE). */
public record ComplaintJournalEntry(Instant at, String actor, String kind, String code, String text) {
}
