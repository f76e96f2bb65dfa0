package org.itsmflow.incident;

/** What a journal line records. */
public enum JournalKind {
    STATUS, NOTIFICATION, ESCALATION, NOTE
}
