package org.itsmflow.satisfaction;

import java.time.Instant;

import io.swagger.v3.oas.annotations.media.Schema;

/** What a survey link asks ({@code GET /api/surveys/{token}}). */
@Schema(description = "A satisfaction survey about a closed incident")
public record SurveyQuestion(
        @Schema(example = "INC-000042") String incidentId,
        @Schema(example = "Cannot post invoices") String incidentTitle,
        @Schema(example = "ERP") String serviceName,
        @Schema(example = "How satisfied are you with how we handled this incident? 1 = very dissatisfied, "
                + "5 = very satisfied") String question,
        @Schema(example = "1") int minScore,
        @Schema(example = "5") int maxScore,
        Instant expiresAt) {
}
