package org.itsmflow.servicelevel;

import java.time.Instant;

/**
 * A record's SLA clocks in one line, as a queue shows them (R-6.1d, R-8.2c).
 *
 * @param state {@code BREACHED} when a clock was recorded breached or an open clock is past its due time;
 *        {@code AT_RISK} when the next open clock is past its warning time; {@code ON_TRACK} when it is not yet;
 *        {@code MET} when every clock stopped in time
 * @param kind the next open clock's kind (null when all stopped)
 * @param dueAt the next open clock's due time (null when all stopped)
 */
public record SlaSummary(State state, ClockKind kind, Instant dueAt) {

    public enum State {
        ON_TRACK, AT_RISK, BREACHED, MET
    }
}
