package org.itsmflow.management;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * A management review of the service management system: the period it covers, the inputs gathered for it
 * from the product's records (conformance, SLA performance, incidents, changes, customers, audits, improvements and
 * the previous review's decisions), who attended, the minutes, and the decisions, each an improvement item.
 *
 * @param dueAt by when the review should be held; {@code overdueAt} is set when that passed with the review open
 */
@Schema(description = "A management review (ISO/IEC 20000-1 R-3.1) with its inputs, minutes and decisions")
public record ManagementReview(
        @Schema(example = "MR-000001") String id,
        ManagementReviewTrigger trigger,
        @Schema(example = "olivia") String requestedBy,
        String requestReason,
        Instant periodFrom,
        Instant periodTo,
        ManagementReviewStatus status,
        String processInstanceId,
        Instant dueAt,
        Instant overdueAt,
        @Schema(description = "Conformance report summary of the period: met, not met, gaps") String conformanceInput,
        @Schema(description = "SLA performance: targets met and breaches") String slaInput,
        @Schema(description = "Incidents and major incidents of the period") String incidentInput,
        @Schema(description = "Changes of the period, failed and emergency changes") String changeInput,
        @Schema(description = "Complaints and customer satisfaction") String customerInput,
        @Schema(description = "Audit findings still open") String auditInput,
        @Schema(description = "Improvement items by state") String improvementInput,
        @Schema(description = "The previous review's decisions and where their improvement items stand")
        String previousInput,
        Instant inputsAt,
        String attendees,
        String minutes,
        String minutesBy,
        Instant heldAt,
        Instant createdAt,
        List<ManagementReviewDecision> decisions) {

    public ManagementReview {
        decisions = decisions == null ? List.of() : List.copyOf(decisions);
    }

    /** Still open after its due date. */
    @JsonProperty("overdue")
    @Schema(description = "still open after its due date")
    public boolean overdue() {
        return status == ManagementReviewStatus.OPEN && overdueAt != null;
    }
}
