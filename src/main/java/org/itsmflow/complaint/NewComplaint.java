package org.itsmflow.complaint;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/**
 * A complaint as a customer raises it, or the service desk on the customer's behalf ({@code POST /api/complaints},
 * Tasklist start form {@code complaint-raise}). It may reference an incident, a change or a service (R-7.2c).
 */
@Schema(description = "A new complaint")
public record NewComplaint(
        @Schema(example = "Invoices lost twice this month") @NotBlank @Size(max = 200) String title,
        @Schema(example = "ERP posting failed twice this month and nobody told us when it was fixed")
        @NotBlank @Size(max = 4000) String description,
        @Schema(example = "HIGH") @NotNull Severity severity,
        @Schema(example = "erp", description = "the service complained about; taken from the incident if not given")
        @Size(max = 40) String serviceId,
        @Schema(example = "INC-000012", description = "the incident complained about, if any") @Size(max = 20)
        String incidentId,
        @Schema(example = "CHG-000003", description = "the change complained about, if any") @Size(max = 20)
        String changeId,
        @Schema(example = "acme", description = "the customer; defaults to the customer the complainant is a contact of")
        @Size(max = 40) String customerId,
        @Schema(example = "kate", description = "user id of the complaining person; defaults to the caller (the "
                + "service desk names the customer's contact here)") @Size(max = 64) String raisedBy) {
}
