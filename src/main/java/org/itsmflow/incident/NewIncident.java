package org.itsmflow.incident;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** What a reporter tells us about an incident ({@code POST /api/incidents}). */
@Schema(description = "A new incident")
public record NewIncident(
        @Schema(example = "ERP invoices cannot be posted") @NotBlank @Size(max = 200) String title,
        @Schema(example = "Posting an invoice fails with a timeout since 09:10") @Size(max = 4000) String description,
        @Schema(example = "erp") @NotBlank @Size(max = 40) String serviceId,
        @Schema(example = "APP-ERP", description = "the affected configuration item, if known") @Size(max = 64)
        String ciId,
        @Schema(example = "software", allowableValues = {"hardware", "software", "network", "security", "access",
                "other"})
        @NotBlank @Pattern(regexp = "hardware|software|network|security|access|other",
                message = "must be one of hardware, software, network, security, access, other") String category,
        @Schema(example = "HIGH") @NotNull Level impact,
        @Schema(example = "MEDIUM") @NotNull Level urgency,
        @Schema(description = "user id of the person affected; defaults to the caller") @Size(max = 64)
        String reportedBy) {
}
