package org.itsmflow.incident;

import java.net.URI;
import java.security.Principal;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import org.itsmflow.platform.ApiRoles;
import org.itsmflow.platform.LinkedRecords;
import org.itsmflow.platform.NotFoundException;
import org.itsmflow.platform.RecordPage;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Raise and follow incidents (R-8.2a, R-8.2b). */
@RestController
@RequestMapping("/api/incidents")
@Tag(name = "Incidents", description = "Incident management (ISO/IEC 20000-1 clause 8.2)")
class IncidentController {

    private final IncidentService incidents;
    private final LinkedRecords links;
    private final IncidentList list;

    IncidentController(IncidentService incidents, LinkedRecords links, IncidentList list) {
        this.incidents = incidents;
        this.links = links;
        this.list = list;
    }

    @GetMapping
    @Operation(summary = "List and search incidents, a page at a time",
            description = "Filters combine with AND; a comma list (or the parameter repeated) means any of its values. "
                    + "Free text `q` finds incidents whose title or description holds every word of it (PostgreSQL: "
                    + "full-text, each word also as a prefix; H2: substring). Each item carries its SLA state now "
                    + "(ON_TRACK, AT_RISK, BREACHED, MET; the next due time) and its open task with its assignee. "
                    + "A customer's list holds only the incidents they reported; staff see all. An unknown "
                    + "parameter or a bad value is a 400 naming the parameter.")
    @Parameter(name = "status", in = ParameterIn.QUERY, description = "NEW, IN_PROGRESS, PENDING_CUSTOMER, RESOLVED, "
            + "CLOSED, or OPEN for the first three", example = "OPEN")
    @Parameter(name = "priority", in = ParameterIn.QUERY, description = "P1..P4", example = "P1,P2")
    @Parameter(name = "serviceId", in = ParameterIn.QUERY, example = "erp")
    @Parameter(name = "ciId", in = ParameterIn.QUERY, example = "APP-ERP")
    @Parameter(name = "group", in = ParameterIn.QUERY, description = "assignment group", example = "servicedesk")
    @Parameter(name = "assignee", in = ParameterIn.QUERY, description = "user id of the open task's assignee")
    @Parameter(name = "reporter", in = ParameterIn.QUERY, description = "user id of the reporter")
    @Parameter(name = "createdFrom", in = ParameterIn.QUERY, description = "reported at or after: date (UTC) or "
            + "date-time with offset", example = "2026-12-01")
    @Parameter(name = "createdTo", in = ParameterIn.QUERY, description = "reported before (a date: up to its end)")
    @Parameter(name = "updatedFrom", in = ParameterIn.QUERY, description = "last changed at or after")
    @Parameter(name = "updatedTo", in = ParameterIn.QUERY, description = "last changed before")
    @Parameter(name = "q", in = ParameterIn.QUERY, description = "free text over title and description",
            example = "invoice timeout")
    @Parameter(name = "sort", in = ParameterIn.QUERY, description = "id, created, updated, priority, status, title; "
            + "- before it for descending (default -updated)", example = "priority")
    @Parameter(name = "page", in = ParameterIn.QUERY, description = "page number from 0 (default 0)")
    @Parameter(name = "size", in = ParameterIn.QUERY, description = "items per page, 1..200 (default 20)")
    @ApiResponse(responseCode = "200", description = "the page: items, page, size, total (matches on all pages)")
    @ApiResponse(responseCode = "400", description = "an unknown parameter or a bad value (named in errors)")
    RecordPage<IncidentListItem> list(@Parameter(hidden = true) @RequestParam MultiValueMap<String, String> parameters,
            Authentication caller) {
        return list.list(parameters, caller);
    }

    @PostMapping
    @Operation(summary = "Report an incident",
            description = "Records the incident, prioritises it (DMN IncidentPriority), routes it (DMN "
                    + "IncidentClassification), starts its SLA clocks and its process; answers with the record.")
    @ApiResponse(responseCode = "201", description = "recorded; Location names the new incident")
    @ApiResponse(responseCode = "400", description = "a field is missing or invalid (named in errors)")
    @ApiResponse(responseCode = "404", description = "the service or CI does not exist (named in errors)")
    ResponseEntity<IncidentResponse> report(@Valid @RequestBody NewIncident incident, Authentication caller) {
        if (ApiRoles.customerView(caller) && incident.reportedBy() != null && !incident.reportedBy().isBlank()
                && !incident.reportedBy().equals(caller.getName())) {
            throw new org.itsmflow.platform.InvalidFieldException("reportedBy", "a customer reports incidents for themselves only");
        }
        IncidentView recorded = incidents.reportAndView(incident, caller.getName());
        return ResponseEntity.created(URI.create("/api/incidents/" + recorded.incident().id()))
                .body(IncidentResponse.of(recorded));
    }

    @GetMapping("/{id}")
    @Operation(summary = "An incident's whole story: priority, group, status, SLA clocks, the decisions that set them, "
            + "journal, mails and linked records (problem, known error, change, release, complaint)",
            description = "A customer sees their own incidents only, and of the linked records only their own "
                    + "complaints about it.")
    IncidentResponse get(@PathVariable String id, Authentication caller) {
        IncidentView view = incidents.view(id);
        if (ApiRoles.customerView(caller) && !caller.getName().equals(view.incident().reportedBy())) {
            // a customer sees their own incidents only; others' are not even confirmed to exist
            throw new NotFoundException("Incident", id);
        }
        return IncidentResponse.of(view.withLinks(links.visibleTo(caller, view.links())));
    }

}
