package org.itsmflow.improvement;

import java.time.Instant;

/** One step of an improvement item's life, append-only: who moved it from which status to which, and why. */
public record ImprovementHistoryEntry(long id, String itemId, Instant at, String actor, String action,
        String fromStatus, String toStatus, String note) {
}
