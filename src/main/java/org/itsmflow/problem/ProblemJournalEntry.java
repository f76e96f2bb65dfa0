package org.itsmflow.problem;

import java.time.Instant;

/** One step in a problem's life, who took it and when. */
public record ProblemJournalEntry(Instant at, String actor, String code, String text) {
}
