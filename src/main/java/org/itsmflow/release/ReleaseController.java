package org.itsmflow.release;

import java.net.URI;
import java.security.Principal;
import java.time.Instant;
import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.util.MultiValueMap;
import org.itsmflow.platform.RecordPage;
import org.itsmflow.platform.RecordSearch;
import org.springframework.web.bind.annotation.RestController;

/** Plan releases and follow them through test, rollout, rollback and the post-release watch (clause 10.1). */
@RestController
@RequestMapping("/api/releases")
@Tag(name = "Releases", description = "Release management (ISO/IEC 20000-1 clause 10.1)")
@PreAuthorize("!hasAuthority('customers') or hasAnyAuthority('releasemanagers', 'serviceowners', 'camunda-admin')")
class ReleaseController {

    private final ReleaseService releases;
    private final ReleaseList list;

    ReleaseController(ReleaseService releases, ReleaseList list) {
        this.releases = releases;
        this.list = list;
    }

    @PostMapping
    @PreAuthorize("hasAnyAuthority('releasemanagers', 'camunda-admin')")
    @Operation(summary = "Plan a release",
            description = "Records the plan (R-10.1d): date, deliverables with SHA-256 checksums (registered in the "
                    + "definitive media library, R-9.1f), approved RFCs, known errors, problems, target CIs and sites; "
                    + "applies the ReleasePolicy decision (R-10.1a) and starts the process, which waits for the "
                    + "release manager's authorisation (R-10.1b). Release managers and administrators only.")
    @ApiResponse(responseCode = "201", description = "planned; Location names the new release")
    @ApiResponse(responseCode = "400", description = "a field is missing or invalid, a change is not approved, or an "
            + "emergency release has no emergency change (named in errors)")
    @ApiResponse(responseCode = "403", description = "the caller is not a release manager")
    @ApiResponse(responseCode = "404", description = "a change, known error, problem or CI does not exist")
    ResponseEntity<ReleaseView> plan(@Valid @RequestBody NewRelease plan, Principal caller) {
        Release release = releases.plan(plan, caller.getName());
        return ResponseEntity.created(URI.create("/api/releases/" + release.id())).body(releases.view(release.id()));
    }

    @GetMapping
    @Operation(summary = "List and search releases, a page at a time",
            description = "Filters combine with AND; a comma list means any of its values. Same paging, sort and "
                    + "free text as GET /api/incidents.")
    @Parameter(name = "status", in = ParameterIn.QUERY, description = "a ReleaseStatus, or OPEN for every status "
            + "before the final ones", example = "ROLLING_OUT")
    @Parameter(name = "type", in = ParameterIn.QUERY, description = "MAJOR, MINOR, PATCH, EMERGENCY")
    @Parameter(name = "outcome", in = ParameterIn.QUERY, description = "SUCCESSFUL, FAILED, ROLLED_BACK, "
            + "TEST_FAILED, REJECTED")
    @Parameter(name = "planner", in = ParameterIn.QUERY, description = "user id of the planner")
    @Parameter(name = "releaseManager", in = ParameterIn.QUERY, description = "user id of the release manager")
    @Parameter(name = "ciId", in = ParameterIn.QUERY, description = "releases installing on this CI")
    @Parameter(name = "createdFrom", in = ParameterIn.QUERY, description = "planned (recorded) at or after")
    @Parameter(name = "createdTo", in = ParameterIn.QUERY, description = "recorded before")
    @Parameter(name = "updatedFrom", in = ParameterIn.QUERY, description = "last changed at or after")
    @Parameter(name = "updatedTo", in = ParameterIn.QUERY, description = "last changed before")
    @Parameter(name = "plannedFrom", in = ParameterIn.QUERY, description = "planned date at or after")
    @Parameter(name = "plannedTo", in = ParameterIn.QUERY, description = "planned date before")
    @Parameter(name = "limit", in = ParameterIn.QUERY, description = "the earlier name of size")
    @Parameter(name = "q", in = ParameterIn.QUERY, description = "free text over title and description")
    @Parameter(name = "sort", in = ParameterIn.QUERY, description = "id, created, updated, planned, status, title; - before it for descending (default -created)")
    @Parameter(name = "page", in = ParameterIn.QUERY, description = "page number from 0 (default 0)")
    @Parameter(name = "size", in = ParameterIn.QUERY, description = "items per page, 1..200 (default 20)")
    @ApiResponse(responseCode = "200", description = "the page: items, page, size, total (matches on all pages)")
    @ApiResponse(responseCode = "400", description = "an unknown parameter or a bad value (named in errors)")
    RecordPage<Release> list(@Parameter(hidden = true) @RequestParam MultiValueMap<String, String> parameters) {
        return list.list(RecordSearch.renamed(parameters, "limit", "size"));
    }

    @GetMapping("/{id}")
    @Operation(summary = "A release with its deliverables, RFCs, known errors, waves, checks, baseline, rollback, "
            + "measurement and journal")
    @ApiResponse(responseCode = "404", description = "no release has this id")
    ReleaseView get(@PathVariable String id) {
        return releases.view(id);
    }

    @GetMapping("/summary")
    @Operation(summary = "Releases planned in [from, to) by type and outcome, with post-release incidents (R-10.1i)")
    @ApiResponse(responseCode = "400", description = "from or to missing, or to not after from")
    ReleaseSummary summary(
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant from,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant to) {
        return releases.summary(from, to);
    }
}
