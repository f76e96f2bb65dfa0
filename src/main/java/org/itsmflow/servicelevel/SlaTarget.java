package org.itsmflow.servicelevel;

/**
 * Response and resolution targets of an SLA for one priority (R-6.1a).
 *
 * @param businessHours true: counted in the SLA's business calendar; false: around the clock (24x7)
 */
public record SlaTarget(Priority priority, int responseMinutes, int resolutionMinutes, boolean businessHours) {

    public int minutes(ClockKind kind) {
        return kind == ClockKind.RESPONSE ? responseMinutes : resolutionMinutes;
    }
}
