package org.itsmflow.release;

import java.time.Instant;
import java.util.List;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** A release plan ({@code POST /api/releases}, R-10.1d); the planner is the caller. */
@Schema(description = "A release plan")
public record NewRelease(
        @Schema(example = "ERP 4.2") @NotBlank @Size(max = 200) String title,
        @Schema(example = "Month-end close fixes") @Size(max = 4000) String description,
        @Schema(example = "MINOR") @NotNull ReleaseType releaseType,
        @Schema(example = "2026-12-05T22:00:00Z") @NotNull Instant plannedDate,
        @Schema(description = "artifacts with their SHA-256 checksums; each becomes a definitive media library entry "
                + "referenced by its CI (R-9.1f)")
        @NotEmpty @Size(max = 50) List<@Valid @NotNull Deliverable> deliverables,
        @Schema(example = "[\"CHG-000012\"]", description = "RFCs the release implements; each must be approved")
        @NotEmpty @Size(max = 50) List<@NotBlank @Size(max = 20) String> changeIds,
        @Schema(example = "[\"KE-000001\"]", description = "known errors the release ships with")
        @Size(max = 50) List<@NotBlank @Size(max = 20) String> knownErrorIds,
        @Schema(example = "[\"PRB-000003\"]", description = "problems the release ships with or fixes")
        @Size(max = 50) List<@NotBlank @Size(max = 20) String> problemIds,
        @Schema(example = "[\"APP-ERP\"]", description = "the CIs the release installs on; baselined before wave 1")
        @NotEmpty @Size(max = 50) List<@NotBlank @Size(max = 64) String> targetCiIds,
        @Schema(example = "[\"fra\", \"ams\", \"dub\"]", description = "target environments/sites in rollout order")
        @NotEmpty @Size(max = 30) List<@NotBlank @Pattern(regexp = "[a-z0-9][a-z0-9-]{0,39}",
                message = "must be lower-case letters, digits and '-', at most 40 characters") String> sites) {

    /** One artifact of the release: its master copy lies at {@code location} below the media directory. */
    @Schema(description = "A deliverable of a release")
    public record Deliverable(
            @Schema(example = "erp-server.jar") @NotBlank @Size(max = 200) String name,
            @Schema(example = "4.2.0") @NotBlank @Size(max = 64) String version,
            @Schema(example = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08")
            @NotBlank String sha256,
            @Schema(example = "erp/4.2.0/erp-server.jar") @NotBlank @Size(max = 1000) String location,
            @Schema(example = "APP-ERP", description = "the CI whose record references this master copy")
            @NotBlank @Size(max = 64) String ciId) {
    }

    List<String> knownErrors() {
        return knownErrorIds == null ? List.of() : knownErrorIds.stream().map(String::trim).distinct().toList();
    }

    List<String> problems() {
        return problemIds == null ? List.of() : problemIds.stream().map(String::trim).distinct().toList();
    }

    List<String> changes() {
        return changeIds.stream().map(String::trim).distinct().toList();
    }

    List<String> cis() {
        return targetCiIds.stream().map(String::trim).distinct().toList();
    }

    List<String> siteList() {
        return sites.stream().map(String::trim).distinct().toList();
    }
}
