package org.itsmflow.satisfaction;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** A customer's answer ({@code POST /api/surveys/{token}}). */
@Schema(description = "The answer to a satisfaction survey")
public record SurveyAnswer(
        @Schema(example = "4", description = "1 = very dissatisfied … 5 = very satisfied") @NotNull @Min(1) @Max(5)
        Integer score,
        @Schema(example = "Quick and friendly") @Size(max = 2000) String comment,
        @Schema(example = "INC-000042", description = "optional: the incident the answer is about, as the survey "
                + "showed it; a link for another incident is refused as unknown") @Size(max = 20) String incidentId) {
}
