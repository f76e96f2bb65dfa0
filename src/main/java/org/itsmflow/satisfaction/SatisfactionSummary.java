package org.itsmflow.satisfaction;

import java.math.BigDecimal;

import io.swagger.v3.oas.annotations.media.Schema;

/** Satisfaction of one customer with one service (R-7.2e): how many answered, the average, how many were low. */
@Schema(description = "Survey answers of one customer about one service")
public record SatisfactionSummary(
        @Schema(example = "erp") String serviceId,
        @Schema(example = "acme", description = "absent for people who are not contacts of a recorded customer")
        String customerId,
        @Schema(example = "12") int answers,
        @Schema(example = "4.25") BigDecimal averageScore,
        @Schema(example = "1", description = "answers of 2 or less, each followed up by customer relations")
        int lowScores) {
}
