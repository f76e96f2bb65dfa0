package org.itsmflow.management;

import io.swagger.v3.oas.annotations.media.Schema;

/** One decision of a management review and the improvement item it became. */
@Schema(description = "A decision of the management review and the improvement item that carries it")
public record ManagementReviewDecision(
        @Schema(example = "1") int line,
        @Schema(example = "Add a second on-call engineer for the ERP service") String decision,
        @Schema(example = "HIGH") String priority,
        @Schema(example = "SIP-000042") String improvementId) {
}
