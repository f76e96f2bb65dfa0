package org.itsmflow.cmdb;

import java.net.URI;
import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.itsmflow.platform.ApiRoles;
import org.itsmflow.platform.Role;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Controlled CMDB writes (R-9.1g): a write names a change ({@code changeId}) that is being implemented or is
 * implemented and that names the CI written; the history entry then names that change (R-9.1d). Members of the
 * CMDB administrators' group ({@code cmdbadmins}) may write without one (bulk load, corrections); the history
 * records that as an administrator override. Anyone else is refused with 403.
 */
@RestController
@RequestMapping("/api/cis")
// customers never write the CMDB (checked before the body is read); staff need a change or cmdbadmins (R-9.1g)
@PreAuthorize(ApiRoles.STAFF)
@Tag(name = "CMDB", description = "Configuration items, their relationships, history and impact (ISO/IEC 20000-1 9.1)")
class CmdbWriteController {

    static final String OVERRIDE = "administrator override";

    private final CmdbService cmdb;
    private final CmdbChangeControl control;

    CmdbWriteController(CmdbService cmdb, CmdbChangeControl control) {
        this.cmdb = cmdb;
        this.control = control;
    }

    /** A new CI and the change it is created under. */
    record CreateCi(
            @Schema(example = "SRV-ERP-03") String id, String name, @Schema(example = "SERVER") String typeId,
            CiStatus status, String location, String ownerGroup, Map<String, Object> attributes,
            String documentationUrl,
            @Schema(description = "the change in implementation that names this CI", example = "CHG-000045")
            @Size(max = 32) String changeId,
            @Size(max = 2000) String reason) {
    }

    /** An update of a CI, against the version read, and the change it is made under. */
    record UpdateCi(
            @Schema(description = "the version read; a moved CI answers 409") @NotNull Integer expectedVersion,
            String name, String typeId, CiStatus status, String location, String ownerGroup,
            Map<String, Object> attributes, String documentationUrl,
            @Schema(description = "the change in implementation that names this CI", example = "CHG-000045")
            @Size(max = 32) String changeId,
            @Size(max = 2000) String reason) {
    }

    /** A relationship "this CI type target" and the change it is recorded under. */
    record NewRelationship(@NotNull RelationshipType type, @NotNull @Size(max = 64) String targetCiId,
            @Size(max = 32) String changeId, @Size(max = 2000) String reason) {
    }

    @PostMapping
    @Operation(summary = "Create a configuration item under change control",
            description = "Needs a change in implementation that names the new CI, or a CMDB administrator (R-9.1g).")
    @ApiResponse(responseCode = "201", description = "created at version 1")
    @ApiResponse(responseCode = "403", description = "no authorising change and not a CMDB administrator")
    ResponseEntity<ConfigurationItem> create(@Valid @RequestBody CreateCi request, Authentication caller) {
        Audit audit = authorise(request.id(), request.changeId(), request.reason(), caller);
        ConfigurationItem created = cmdb.create(new NewCi(request.id(), request.name(), request.typeId(),
                request.status(), request.location(), request.ownerGroup(), request.attributes(),
                request.documentationUrl()), caller.getName(), audit.reason(), audit.changeRef());
        return ResponseEntity.created(URI.create("/api/cis/" + created.id())).body(created);
    }

    @PutMapping("/{id}")
    @Operation(summary = "Update a configuration item under change control",
            description = "A new version with a history entry naming the change (R-9.1b, R-9.1d). Needs a change in "
                    + "implementation that names the CI, or a CMDB administrator (R-9.1g).")
    @ApiResponse(responseCode = "200", description = "updated")
    @ApiResponse(responseCode = "403", description = "no authorising change and not a CMDB administrator")
    @ApiResponse(responseCode = "404", description = "no CI has this id")
    @ApiResponse(responseCode = "409", description = "the CI is no longer at expectedVersion")
    ConfigurationItem update(@PathVariable String id, @Valid @RequestBody UpdateCi request, Authentication caller) {
        cmdb.require(id, null);
        Audit audit = authorise(id, request.changeId(), request.reason(), caller);
        return cmdb.update(id, new CiChanges(request.expectedVersion(), request.name(), request.typeId(),
                request.status(), request.location(), request.ownerGroup(), request.attributes(),
                request.documentationUrl()), caller.getName(), audit.reason(), audit.changeRef());
    }

    @PostMapping("/{id}/relationships")
    @Operation(summary = "Relate a configuration item to another under change control",
            description = "Records \"this CI type target\"; the CI gets a new version. Needs a change in "
                    + "implementation that names this CI, or a CMDB administrator (R-9.1g).")
    @ApiResponse(responseCode = "201", description = "recorded")
    @ApiResponse(responseCode = "403", description = "no authorising change and not a CMDB administrator")
    ResponseEntity<CiRelationship> relate(@PathVariable String id, @Valid @RequestBody NewRelationship request,
            Authentication caller) {
        cmdb.require(id, null);
        Audit audit = authorise(id, request.changeId(), request.reason(), caller);
        CiRelationship relationship = cmdb.relate(id, request.type(), request.targetCiId(), caller.getName(),
                audit.reason(), audit.changeRef());
        return ResponseEntity.created(URI.create("/api/cis/" + id)).body(relationship);
    }

    private record Audit(String reason, String changeRef) {
    }

    private Audit authorise(String ciId, String changeId, String reason, Authentication caller) {
        String change = changeId == null || changeId.isBlank() ? null : changeId.trim();
        if (change != null && control.authorises(change, ciId)) {
            return new Audit(reason == null || reason.isBlank() ? "Under change " + change : reason, change);
        }
        if (isAdministrator(caller)) {
            return new Audit(OVERRIDE + (reason == null || reason.isBlank() ? "" : ": " + reason), null);
        }
        throw new WriteRefused(change == null
                ? "CMDB updates need a changeId: a change being implemented (or implemented) that names " + ciId
                        + ", unless you are a CMDB administrator"
                : "Change " + change + " does not authorise updating " + ciId + ": it must be being implemented (or "
                        + "implemented) and name that CI");
    }

    private static boolean isAdministrator(Authentication caller) {
        return caller.getAuthorities().stream().map(GrantedAuthority::getAuthority)
                .anyMatch(Role.CMDB_ADMINS.groupId()::equals);
    }

    /** A write without an authorising change, by someone who is no CMDB administrator. */
    static final class WriteRefused extends RuntimeException {
        WriteRefused(String message) {
            super(message);
        }
    }

    @ExceptionHandler(WriteRefused.class)
    ResponseEntity<ProblemDetail> refused(WriteRefused refused, jakarta.servlet.http.HttpServletRequest request) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.FORBIDDEN, refused.getMessage());
        problem.setInstance(URI.create(request.getRequestURI()));
        problem.setProperty("errors", List.of(Map.of("field", "changeId", "message", refused.getMessage())));
        return ResponseEntity.status(HttpStatus.FORBIDDEN).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }
}
