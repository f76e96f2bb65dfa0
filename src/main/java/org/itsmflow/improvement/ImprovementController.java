package org.itsmflow.improvement;

import java.net.URI;
import java.time.LocalDate;
import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.itsmflow.platform.RecordPage;
import org.itsmflow.platform.RecordSearch;
import org.itsmflow.servicelevel.ServiceCatalog;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.util.MultiValueMap;

/**
 * The service improvement register's API: read the items, propose one, assess it, authorise it (service
 * owners only) and move it on. Every step lands in the item's history.
 */
@RestController
@RequestMapping("/api/improvements")
@Tag(name = "Service improvement register", description = "Improvement items with source, assessment, priority, "
        + "authorisation and status (ISO/IEC 20000-1 R-4.4)")
class ImprovementController {

    /** Staff who may read the register and propose items: everyone but customers. */
    static final String STAFF = org.itsmflow.platform.ApiRoles.STAFF;
    /** Managers who may assess an item. */
    static final String ASSESSORS = "hasAnyAuthority('serviceowners', 'changemanagers', 'releasemanagers', "
            + "'customerrelations', 'camunda-admin')";
    /** Authorising improvements is the service owners' decision. */
    static final String AUTHORISERS = "hasAnyAuthority('serviceowners', 'camunda-admin')";

    private final ImprovementRegister register;
    private final ServiceCatalog catalog;
    private final ImprovementList list;

    ImprovementController(ImprovementRegister register, ServiceCatalog catalog, ImprovementList list) {
        this.register = register;
        this.catalog = catalog;
        this.list = list;
    }

    @Schema(description = "A proposed improvement")
    record NewImprovement(
            @Schema(example = "AUDIT", description = "where the item comes from", allowableValues = {"SLA_BREACH",
                "COMPLAINT", "PROBLEM_REVIEW", "CHANGE_REVIEW", "RELEASE", "AUDIT", "SERVICE_REPORT", "OUTAGE_REVIEW",
                "MANAGEMENT_REVIEW", "MANUAL"}) @NotBlank @Size(max = 20) String source,
            @Schema(example = "AUD-000003") @Size(max = 64) String sourceRef,
            @Schema(example = "email") @Size(max = 40) String serviceId,
            @NotBlank @Size(max = 200) String title,
            @Size(max = 4000) String description,
            @Schema(example = "MEDIUM", allowableValues = {"HIGH", "MEDIUM", "LOW"}) @NotBlank String priority) {
    }

    @Schema(description = "The assessment of an item: benefit, cost, priority, owner and target date")
    record Assessment(@NotBlank @Size(max = 4000) String assessment, @Schema(example = "HIGH", allowableValues = {"HIGH", "MEDIUM", "LOW"})
            @Pattern(regexp = "HIGH|MEDIUM|LOW", message = "must be HIGH, MEDIUM or LOW") String priority,
            @Size(max = 64) String owner, @Schema(example = "2026-12-31") LocalDate targetDate) {
    }

    @Schema(description = "The service owner's decision")
    record Authorisation(@NotNull Boolean approved, @Size(max = 4000) String note) {
    }

    @Schema(description = "A move of the item: IN_PROGRESS, DONE or REJECTED")
    record StatusChange(@Schema(example = "IN_PROGRESS", allowableValues = {"IN_PROGRESS", "DONE", "REJECTED"}) @NotBlank
            String status, @Size(max = 4000) String note) {
    }

    @GetMapping
    @PreAuthorize(STAFF)
    @Operation(summary = "List and search improvement items, a page at a time",
            description = "Filters combine with AND; a comma list means any of its values. Same paging, sort and "
                    + "free text as GET /api/incidents.")
    @Parameter(name = "status", in = ParameterIn.QUERY, description = "PROPOSED, ASSESSED, AUTHORISED, IN_PROGRESS, "
            + "DONE, REJECTED, or OPEN for every status before DONE and REJECTED")
    @Parameter(name = "source", in = ParameterIn.QUERY, description = "where it came from, e.g. AUDIT, COMPLAINT")
    @Parameter(name = "priority", in = ParameterIn.QUERY, description = "HIGH, MEDIUM, LOW")
    @Parameter(name = "serviceId", in = ParameterIn.QUERY, description = "service id")
    @Parameter(name = "owner", in = ParameterIn.QUERY, description = "user id of the owner")
    @Parameter(name = "createdFrom", in = ParameterIn.QUERY, description = "recorded at or after (date or date-time)")
    @Parameter(name = "createdTo", in = ParameterIn.QUERY, description = "recorded before")
    @Parameter(name = "updatedFrom", in = ParameterIn.QUERY, description = "last changed at or after")
    @Parameter(name = "updatedTo", in = ParameterIn.QUERY, description = "last changed before")
    @Parameter(name = "limit", in = ParameterIn.QUERY, description = "the earlier name of size")
    @Parameter(name = "q", in = ParameterIn.QUERY, description = "free text over title and description")
    @Parameter(name = "sort", in = ParameterIn.QUERY, description = "id, created, updated, status, title, targetDate; - before it for descending (default -created)")
    @Parameter(name = "page", in = ParameterIn.QUERY, description = "page number from 0 (default 0)")
    @Parameter(name = "size", in = ParameterIn.QUERY, description = "items per page, 1..200 (default 20)")
    @ApiResponse(responseCode = "200", description = "the page: items, page, size, total (matches on all pages)")
    @ApiResponse(responseCode = "400", description = "an unknown parameter or a bad value (named in errors)")
    RecordPage<ImprovementItem> list(
            @Parameter(hidden = true) @RequestParam MultiValueMap<String, String> parameters) {
        return list.list(RecordSearch.renamed(parameters, "limit", "size"));
    }

    @PostMapping
    @PreAuthorize(STAFF)
    @Operation(summary = "Propose an improvement", description = "Recorded PROPOSED with the caller in its history.")
    @ApiResponse(responseCode = "201", description = "recorded; Location names the item")
    @ApiResponse(responseCode = "400", description = "a field is missing or unknown")
    @ApiResponse(responseCode = "404", description = "serviceId names no service")
    ResponseEntity<ImprovementItem> propose(@Valid @RequestBody NewImprovement item) {
        String serviceId = blank(item.serviceId());
        if (serviceId != null) {
            catalog.require(serviceId, "serviceId"); // the column has no foreign key: an unknown id would be stored
        }
        ImprovementItem added = register.add(item.source(), item.sourceRef(), serviceId, item.title(),
                item.description(), item.priority());
        return ResponseEntity.created(URI.create("/api/improvements/" + added.id())).body(added);
    }

    @GetMapping("/{id}")
    @PreAuthorize(STAFF)
    @Operation(summary = "Read an improvement item")
    @ApiResponse(responseCode = "404", description = "No item has this id")
    ImprovementItem get(@PathVariable String id) {
        return register.require(id);
    }

    @GetMapping("/{id}/history")
    @PreAuthorize(STAFF)
    @Operation(summary = "The item's history: who moved it from which status to which, and why")
    List<ImprovementHistoryEntry> history(@PathVariable String id) {
        return register.history(id);
    }

    @PostMapping("/{id}/assessment")
    @PreAuthorize(ASSESSORS)
    @Operation(summary = "Assess a PROPOSED (or re-assess an ASSESSED) item")
    @ApiResponse(responseCode = "409", description = "the item is already authorised or closed")
    ImprovementItem assess(@PathVariable String id, @Valid @RequestBody Assessment a) {
        return register.assess(id, a.assessment(), blank(a.priority()), a.owner(), a.targetDate());
    }

    @PostMapping("/{id}/authorisation")
    @PreAuthorize(AUTHORISERS)
    @Operation(summary = "Authorise or reject an ASSESSED item (service owners only)")
    @ApiResponse(responseCode = "403", description = "the caller is no service owner")
    @ApiResponse(responseCode = "409", description = "the item is not ASSESSED")
    ImprovementItem authorise(@PathVariable String id, @Valid @RequestBody Authorisation a) {
        return register.authorise(id, a.approved(), a.note());
    }

    @PostMapping("/{id}/status")
    @PreAuthorize(ASSESSORS)
    @Operation(summary = "Move an item on: AUTHORISED → IN_PROGRESS → DONE, or any open item → REJECTED")
    @ApiResponse(responseCode = "409", description = "the move is not allowed from the item's status")
    ImprovementItem status(@PathVariable String id, @Valid @RequestBody StatusChange change) {
        return register.changeStatus(id, change.status(), change.note());
    }

    private static String blank(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
