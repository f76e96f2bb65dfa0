package org.itsmflow.change;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** A request for change ({@code POST /api/changes}, R-9.2a); the requester is the caller. */
@Schema(description = "A request for change (RFC)")
public record NewChange(
        @Schema(example = "Upgrade the ERP database to PostgreSQL 17") @NotBlank @Size(max = 200) String title,
        @Schema(example = "In-place upgrade with pg_upgrade") @Size(max = 4000) String description,
        @Schema(example = "PostgreSQL 13 reaches end of life") @NotBlank @Size(max = 2000) String reason,
        @Schema(example = "NORMAL") @NotNull ChangeType changeType,
        @Schema(example = "MEDIUM") @NotNull ChangeUrgency urgency,
        @Schema(example = "[\"DB-ERP-PROD\"]", description = "ids of the CIs the change touches")
        @Size(max = 50) List<@NotBlank @Size(max = 64) String> affectedCiIds,
        @Schema(example = "2026-12-05T22:00:00Z") @NotNull Instant plannedStart,
        @Schema(example = "2026-12-06T02:00:00Z", description = "after plannedStart") @NotNull Instant plannedEnd,
        @Schema(example = "1. Stop ERP 2. pg_upgrade 3. Start ERP") @NotBlank @Size(max = 4000) String implementationPlan,
        @Schema(example = "Restore the snapshot taken before the upgrade") @Size(max = 4000) String backoutPlan,
        @Schema(example = "1200.00", description = "cost estimate (R-6.4)") @NotNull @DecimalMin("0")
        @Digits(integer = 12, fraction = 2) BigDecimal costEstimate,
        @Schema(example = "Supported database, 20% faster month-end close") @Size(max = 2000) String businessBenefit,
        @Schema(description = "planned CI updates: CI id -> {field: new value}; fields name, status, location, "
                + "ownerGroup, documentationUrl, attributes (object, merged), version (an attribute); a CI that does "
                + "not exist yet is created when its updates carry typeId and name",
                example = "{\"DB-ERP-PROD\": {\"version\": \"17.2\"}}")
        Map<String, Map<String, Object>> ciUpdates,
        @Valid ServiceUpdate serviceUpdate) {

    List<String> ciIds() {
        return affectedCiIds == null ? List.of() : affectedCiIds.stream().map(String::trim).distinct().toList();
    }
}
