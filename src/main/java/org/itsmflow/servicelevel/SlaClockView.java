package org.itsmflow.servicelevel;

import java.time.Instant;

/**
 * An SLA clock of a record as seen at a moment "now" (R-6.1d).
 *
 * @param remainingBusinessMinutes business minutes from now (a paused clock: from its pause; a stopped clock: from
 *        its stop) to the due time; negative once overdue
 * @param warningReached whether the warning time had passed by then
 * @param overdue whether the due time had passed by then
 */
public record SlaClockView(String id, String recordId, String recordType, ClockKind kind, ClockState state,
        String slaId, Priority priority, String calendarId, Instant startedAt, int targetMinutes, Instant dueAt,
        Instant warningAt, Instant pausedAt, int pausedMinutes, Instant stoppedAt, boolean breached,
        long remainingBusinessMinutes, boolean warningReached, boolean overdue) {
}
