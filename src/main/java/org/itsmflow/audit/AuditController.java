package org.itsmflow.audit;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.itsmflow.platform.InvalidFieldException;
import org.itsmflow.platform.NotFoundException;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The audit programme and the audits (R-4.3a, R-4.3b, R-9.1i). Auditors and administrators write; they and the
 * managers of the audited areas read.
 */
@RestController
@Tag(name = "Audits", description = "Internal audit programme, audits and findings (ISO/IEC 20000-1 R-4.3a, "
        + "R-4.3b, R-9.1i)")
@PreAuthorize(AuditController.READERS)
class AuditController {

    /** Who reads the audit programme and every audit: auditors, the managers of the audited areas, administrators. */
    static final String READERS = "hasAnyAuthority('auditors', 'camunda-admin', 'serviceowners', 'changemanagers', "
            + "'majorincident', 'customerrelations', 'releasemanagers')";
    /** The groups of {@link #READERS}. */
    static final Set<String> READER_GROUPS = Set.of("auditors", "camunda-admin", "serviceowners", "changemanagers",
            "majorincident", "customerrelations", "releasemanagers");
    /**
     * Who may ask for one audit: its readers, and the groups that answer findings ({@link ProcessArea#responseGroup()}:
     * servicedesk for incident audits, secondline for problem audits, …), who read only the audits whose findings
     * they own.
     */
    static final String READERS_AND_FINDING_OWNERS = "hasAnyAuthority('auditors', 'camunda-admin', 'serviceowners', "
            + "'changemanagers', 'majorincident', 'customerrelations', 'releasemanagers', 'servicedesk', 'secondline')";

    static final String WRITERS = "hasAnyAuthority('auditors', 'camunda-admin')";
    static final int MAX_LIST = 200;

    private final AuditService audits;

    AuditController(AuditService audits) {
        this.audits = audits;
    }

    @Schema(description = "A line of the audit programme: what is audited, against what, how and how often")
    record NewProgramme(
            @Schema(example = "Incident management audit") @NotBlank @Size(max = 200) String name,
            @Schema(example = "incident", allowableValues = {"incident", "change", "problem", "release",
                "complaint", "configuration", "service-level"}) @NotBlank
            @Pattern(regexp = "incident|change|problem|release|complaint|configuration|service-level", message = "must be "
                    + "one of incident, change, problem, release, complaint, configuration, service-level")
            String processArea,
            @Schema(example = "R-8.2a to R-8.2e: every incident recorded, prioritised, resolved within target")
            @NotBlank @Size(max = 4000) String criteria,
            @Schema(example = "Sample 20 incidents of the period; interview the service desk")
            @NotBlank @Size(max = 2000) String method,
            @Schema(example = "P6M", description = "ISO-8601 period, whole months from P1M to P5Y")
            @NotBlank String frequency,
            @Schema(description = "When the first audit falls due; default one frequency from now") Instant firstDue) {
    }

    @Schema(description = "An audit of a programme line to start now")
    record NewAudit(@Schema(example = "APG-000001") @NotBlank @Size(max = 20) String programmeId,
            @Schema(example = "ada", description = "optional; must be an auditor who took no part in the audited "
                    + "work in the audited period (R-4.3b)") @Size(max = 64) String leadAuditor) {
    }

    @PostMapping("/api/audit-programmes")
    @PreAuthorize(WRITERS)
    @Operation(summary = "Add a line to the audit programme (R-4.3a)")
    @ApiResponse(responseCode = "201", description = "added; Location names it")
    @ApiResponse(responseCode = "400", description = "a field is missing or invalid (area, frequency, first due)")
    @ApiResponse(responseCode = "403", description = "the caller is not an auditor or administrator")
    ResponseEntity<AuditProgramme> addProgramme(@Valid @RequestBody NewProgramme programme, Authentication caller) {
        AuditProgramme added = audits.addProgramme(programme.name(), programme.processArea(), programme.criteria(),
                programme.method(), programme.frequency(), programme.firstDue(), caller.getName());
        return ResponseEntity.created(URI.create("/api/audit-programmes/" + added.id())).body(added);
    }

    @GetMapping("/api/audit-programmes")
    @Operation(summary = "The audit programme (R-4.3a)")
    List<AuditProgramme> programmes() {
        return audits.programmes();
    }

    @GetMapping("/api/audit-programmes/{id}")
    @Operation(summary = "One line of the audit programme")
    AuditProgramme programme(@PathVariable String id) {
        return audits.requireProgramme(id, null);
    }

    @PostMapping("/api/audits")
    @PreAuthorize(WRITERS)
    @Operation(summary = "Start an audit of a programme line now", description = "Covers the programme's frequency "
            + "up to now. A lead auditor named here must be independent of the audited work (R-4.3b).")
    @ApiResponse(responseCode = "201", description = "started; Location names the audit")
    @ApiResponse(responseCode = "400", description = "the lead auditor is no auditor or audited their own work")
    @ApiResponse(responseCode = "404", description = "the programme line does not exist")
    ResponseEntity<Audit> start(@Valid @RequestBody NewAudit audit, Authentication caller) {
        Audit started = audits.startNow(audit.programmeId(), audit.leadAuditor(), caller.getName());
        return ResponseEntity.created(URI.create("/api/audits/" + started.id())).body(started);
    }

    @GetMapping("/api/audits")
    @Operation(summary = "Audits with their findings, newest first (at most 200)")
    List<Audit> audits(@RequestParam(name = "programmeId", required = false) String programmeId,
            @RequestParam(name = "status", required = false) String status) {
        AuditStatus wanted = null;
        if (status != null && !status.isBlank()) {
            try {
                wanted = AuditStatus.valueOf(status.strip().toUpperCase(java.util.Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new InvalidFieldException("status", "must be one of " + java.util.Arrays.toString(
                        AuditStatus.values()));
            }
        }
        return audits.audits(programmeId, wanted, MAX_LIST);
    }

    @GetMapping("/api/audits/{id}")
    @PreAuthorize(READERS_AND_FINDING_OWNERS)
    @Operation(summary = "An audit with its scope, lead auditor, findings, report, response and follow-up",
            description = "Auditors, managers and administrators read every audit; the group that answers an audit's "
                    + "findings (e.g. servicedesk for incident audits) reads that audit once it has findings.")
    @ApiResponse(responseCode = "404", description = "no audit has this id, or none whose findings your group owns")
    Audit audit(@PathVariable String id, Authentication caller) {
        Audit audit = audits.require(id);
        if (!hasAny(caller, READER_GROUPS) && (audit.findings().isEmpty()
                || !hasAny(caller, Set.of(audit.processArea().responseGroup())))) {
            // another group's audit is not even confirmed to exist, as for customers' records
            throw new NotFoundException("Audit", id);
        }
        return audit;
    }

    private static boolean hasAny(Authentication caller, Set<String> groups) {
        return caller.getAuthorities().stream().map(GrantedAuthority::getAuthority).anyMatch(groups::contains);
    }
}
