package org.itsmflow.cmdb;

import java.time.Instant;
import java.util.Map;

/**
 * One append-only history entry of a CI (R-9.1d): which version it produced, when, by whom, what changed (field →
 * from/to), why, and the change record it was made under, if any ({@code CHG-000045}).
 */
public record CiHistoryEntry(
        long id,
        String ciId,
        int ciVersion,
        Instant changedAt,
        String changedBy,
        HistoryAction action,
        Map<String, FieldChange> changes,
        String reason,
        String changeRef) {

    /** A field's value before and after; {@code from} is absent on creation, {@code to} absent when cleared. */
    public record FieldChange(Object from, Object to) {
    }
}
