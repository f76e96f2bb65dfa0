package org.itsmflow.event;

import io.swagger.v3.oas.annotations.media.Schema;

/** What became of one alert of a delivery. */
@Schema(description = "What became of one alert")
public record AlertResult(
        @Schema(example = "c6eadffa33fcdf37") String fingerprint,
        @Schema(example = "InstanceDown") String alertName,
        Outcome outcome,
        @Schema(example = "INC-000123", description = "the incident the alert is attached to, if any") String incidentId,
        @Schema(description = "the incident was resolved through its process because all its alerts cleared")
        boolean incidentResolved) {

    /** The outcomes, from the most to the least work done. */
    public enum Outcome {
        /** A new incident was recorded for the alert. */
        OPENED,
        /** Attached to the open incident of the same alert name on the same CI (or of the same fingerprint). */
        ATTACHED,
        /** Attached to the open incident of a failing CI that the alert's CI depends on. */
        CORRELATED,
        /** Delivered again while attached to an open incident: counted, nothing else. */
        REPEATED,
        /** The alert cleared: noted on its incident. */
        RESOLVED,
        /** Nothing to do: the tables say so (a heartbeat, an informational alert), or a cleared alert never seen. */
        IGNORED,
        /** No service to record an incident against: neither the table EventService nor the CMDB names one. */
        UNROUTABLE
    }
}
