package org.itsmflow.problem;

import java.util.List;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** A problem raised by hand ({@code POST /api/problems} or the Tasklist start form, R-8.3a). */
@Schema(description = "A problem: the unknown cause of one or more incidents")
public record NewProblem(
        @Schema(example = "ERP postings time out every month end") @NotBlank @Size(max = 200) String title,
        @Schema(example = "Five incidents in three months") @Size(max = 4000) String description,
        @Schema(example = "erp") @NotBlank @Size(max = 40) String serviceId,
        @Schema(example = "APP-ERP") @Size(max = 64) String ciId,
        @Schema(example = "software", allowableValues = {"hardware", "software", "network", "security", "access",
                "other"}) @NotBlank @Pattern(regexp = "hardware|software|network|security|access|other",
                message = "must be one of hardware, software, network, security, access, other") String category,
        @Schema(example = "MEDIUM", allowableValues = {"HIGH", "MEDIUM", "LOW"}) @NotNull
        @Pattern(regexp = "HIGH|MEDIUM|LOW", message = "must be HIGH, MEDIUM or LOW") String impact,
        @Schema(example = "MEDIUM", allowableValues = {"HIGH", "MEDIUM", "LOW"}) @NotNull
        @Pattern(regexp = "HIGH|MEDIUM|LOW", message = "must be HIGH, MEDIUM or LOW") String urgency,
        @Schema(example = "[\"INC-000012\"]", description = "incidents this problem causes")
        @Size(max = 100) List<@NotBlank @Pattern(regexp = "INC-\\d{6}", message = "must be an incident id like INC-000012") String> incidentIds) {
}
