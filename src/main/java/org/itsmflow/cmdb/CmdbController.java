package org.itsmflow.cmdb;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.itsmflow.platform.ApiRoles;
import org.itsmflow.platform.InvalidFieldException;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Read access to the CMDB for everyone signed in (R-9.1h: status, versions, location, relationships and
 * documentation available to those who need them). Writes go through {@link CmdbService} under change control.
 */
@RestController
@RequestMapping("/api")
@PreAuthorize(ApiRoles.STAFF) // the CMDB is internal: never customers
@Tag(name = "CMDB", description = "Configuration items, their relationships, history and impact (ISO/IEC 20000-1 9.1)")
class CmdbController {

    private final CmdbService cmdb;

    CmdbController(CmdbService cmdb) {
        this.cmdb = cmdb;
    }

    @GetMapping("/ci-types")
    @Operation(summary = "List the CI types", description = "The policy of what a configuration item is (R-9.1a).")
    List<CiType> types() {
        return cmdb.types();
    }

    @GetMapping("/cis")
    @Operation(summary = "Search configuration items",
            description = "CIs whose id or name contains q (case-insensitive), optionally of one type and status, "
                    + "ordered by id, one page at a time.")
    @ApiResponse(responseCode = "200", description = "One page of matching CIs")
    @ApiResponse(responseCode = "400", description = "Invalid type, status, page or size (the problem names it)")
    CiPage search(
            @Parameter(description = "Substring of the CI id or name") @RequestParam(required = false) String q,
            @Parameter(description = "CI type id, e.g. SERVER") @RequestParam(required = false) String type,
            @Parameter(description = "CI status", schema = @Schema(implementation = CiStatus.class))
            @RequestParam(required = false) String status,
            @Parameter(description = "Page number, from 0") @RequestParam(defaultValue = "0") int page,
            @Parameter(description = "Page size, 1.." + CmdbService.MAX_PAGE_SIZE)
            @RequestParam(defaultValue = "20") int size) {
        return cmdb.search(q, type, status(status), page, size);
    }

    @GetMapping("/cis/{id}")
    @Operation(summary = "Read a configuration item",
            description = "The CI with its outgoing and incoming relationships and the services it directly supports.")
    @ApiResponse(responseCode = "200", description = "The CI")
    @ApiResponse(responseCode = "404", description = "No CI has this id")
    CiDetails read(@PathVariable String id) {
        ConfigurationItem ci = cmdb.require(id, null);
        return new CiDetails(ci.id(), ci.name(), ci.typeId(), ci.status(), ci.version(), ci.location(),
                ci.ownerGroup(), ci.attributes(), ci.documentationUrl(), ci.createdAt(), ci.updatedAt(),
                cmdb.outgoing(id), cmdb.incoming(id), cmdb.servicesOf(List.of(id)));
    }

    @GetMapping("/cis/{id}/history")
    @Operation(summary = "Read a configuration item's history",
            description = "Every recorded change of the CI, oldest first: version, when, who, what changed, why and "
                    + "under which change record (R-9.1d).")
    @ApiResponse(responseCode = "404", description = "No CI has this id")
    List<CiHistoryEntry> history(@PathVariable String id) {
        return cmdb.history(id);
    }

    @GetMapping("/cis/{id}/impact")
    @Operation(summary = "Analyse the impact of a configuration item",
            description = "downstream: what is affected if this CI fails; upstream: what it relies on; both. Every "
                    + "reached CI is counted once at its shortest distance: total, byDistance and byType cover all "
                    + "of them, and services lists every business service affected (always complete) (R-9.1c). "
                    + "affected lists only the first `limit` reached CIs ordered by distance then id, each with the "
                    + "relationship that first reached it; truncated is true when total is larger than that list "
                    + "(since issue 9: a depth-5 impact on a large estate reaches thousands of CIs, which used to "
                    + "be listed in full).")
    @ApiResponse(responseCode = "400", description = "Invalid direction, depth or limit (the problem names it)")
    @ApiResponse(responseCode = "404", description = "No CI has this id")
    Impact impact(@PathVariable String id,
            @Parameter(description = "downstream, upstream or both")
            @RequestParam(defaultValue = "downstream") String direction,
            @Parameter(description = "How many relationship steps to follow, 1.." + CmdbService.MAX_DEPTH)
            @RequestParam(defaultValue = "" + CmdbService.DEFAULT_DEPTH) int depth,
            @Parameter(description = "How many reached CIs to list in affected (nearest first, then by id), 1.."
                    + CmdbService.MAX_IMPACT_LIMIT + "; the counts and services always cover all of them")
            @RequestParam(defaultValue = "" + CmdbService.DEFAULT_IMPACT_LIMIT) int limit) {
        return cmdb.impact(id, ImpactDirection.parse(direction, "direction"), depth, limit);
    }

    private static CiStatus status(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        for (CiStatus status : CiStatus.values()) {
            if (status.name().equalsIgnoreCase(value.trim())) {
                return status;
            }
        }
        throw new InvalidFieldException("status", "has an invalid value '" + value + "'; allowed: "
                + Arrays.stream(CiStatus.values()).map(Enum::name).collect(Collectors.joining(", ")));
    }

    /** A CI with its relationships and the services it directly supports. */
    record CiDetails(String id, String name, String typeId, CiStatus status, int version, String location,
            String ownerGroup, Map<String, Object> attributes, String documentationUrl, Instant createdAt,
            Instant updatedAt, List<CiRelationship> outgoing, List<CiRelationship> incoming, List<String> services) {
    }
}
