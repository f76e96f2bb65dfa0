package org.itsmflow.satisfaction;

import io.swagger.v3.oas.annotations.media.Schema;

/** What the customer is told after answering. */
@Schema(description = "The answer was recorded")
public record SurveyReceipt(
        @Schema(example = "INC-000042") String incidentId,
        @Schema(example = "2") int score,
        @Schema(example = "true", description = "whether customer relations will contact you about it") boolean followUp,
        @Schema(example = "Thank you. Customer relations will contact you about your experience.") String message) {
}
