package org.itsmflow.change;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * What a NEW_SERVICE, RETIRE_SERVICE or SLA_CHANGE change does to the service catalogue and SLA store when it is
 * implemented (R-5a, R-6.1b): introduce {@code serviceId} (name, owner group, calendar), retire it, or set the
 * targets of one priority of SLA {@code slaId}.
 */
@Schema(description = "The catalogue or SLA update a service change carries")
public record ServiceUpdate(
        @Schema(example = "erp") @NotBlank @Size(max = 40) String serviceId,
        @Schema(description = "NEW_SERVICE: the new service's name") @Size(max = 200) String serviceName,
        @Schema(description = "NEW_SERVICE: the owning group", example = "serviceowners") @Size(max = 64) String ownerGroup,
        @Schema(description = "NEW_SERVICE: business calendar, default 24x7") @Size(max = 40) String calendarId,
        @Schema(description = "SLA_CHANGE: the SLA", example = "SLA-ERP") @Size(max = 40) String slaId,
        @Schema(description = "SLA_CHANGE: the priority whose targets change", example = "P2",
                allowableValues = {"P1", "P2", "P3", "P4"})
        @Pattern(regexp = "P[1-4]", message = "must be one of P1, P2, P3, P4") String priority,
        @Schema(description = "SLA_CHANGE: new response target") @Min(1) @Max(525600) Integer responseMinutes,
        @Schema(description = "SLA_CHANGE: new resolution target") @Min(1) @Max(525600) Integer resolutionMinutes) {
}
