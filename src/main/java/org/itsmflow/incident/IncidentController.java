package org.itsmflow.incident;

import java.net.URI;
import java.security.Principal;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import org.itsmflow.platform.ApiRoles;
import org.itsmflow.platform.LinkedRecords;
import org.itsmflow.platform.NotFoundException;
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

    IncidentController(IncidentService incidents, LinkedRecords links) {
        this.incidents = incidents;
        this.links = links;
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
