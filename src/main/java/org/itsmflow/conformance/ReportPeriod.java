package org.itsmflow.conformance;

import java.time.Instant;

import org.itsmflow.platform.InvalidFieldException;

/** A half-open reporting period {@code [from, to)} in UTC instants. */
public record ReportPeriod(Instant from, Instant to) {

    public ReportPeriod {
        if (from == null) {
            throw new InvalidFieldException("from", "must be given");
        }
        if (to == null) {
            throw new InvalidFieldException("to", "must be given");
        }
        if (!from.isBefore(to)) {
            throw new InvalidFieldException("to", "must be after from");
        }
    }

    public boolean contains(Instant instant) {
        return !instant.isBefore(from) && instant.isBefore(to);
    }
}
