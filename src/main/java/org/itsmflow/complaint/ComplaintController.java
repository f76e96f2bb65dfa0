package org.itsmflow.complaint;

import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.util.MultiValueMap;
import org.itsmflow.platform.RecordPage;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.Parameter;
import java.net.URI;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import org.itsmflow.platform.ApiRoles;
import org.itsmflow.platform.NotFoundException;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Raise and follow complaints (R-7.2c, R-7.2d). */
@RestController
@RequestMapping("/api/complaints")
@Tag(name = "Complaints", description = "Complaint handling (ISO/IEC 20000-1 clause 7.2)")
class ComplaintController {

    private final ComplaintService complaints;

    private final ComplaintList list;

    ComplaintController(ComplaintService complaints, ComplaintList list) {
        this.complaints = complaints;
        this.list = list;
    }

    @PostMapping
    @Operation(summary = "Raise a complaint",
            description = "A customer raises a complaint for themselves, or the service desk on a customer's behalf "
                    + "(raisedBy, customerId). Records it, classifies it (DMN ComplaintClassification: formal or "
                    + "informal, owner, targets, escalation ladder) and starts its process; answers with the record.")
    @ApiResponse(responseCode = "201", description = "recorded; Location names the new complaint")
    @ApiResponse(responseCode = "400", description = "a field is missing or invalid (named in errors)")
    @ApiResponse(responseCode = "404", description = "the service, customer, incident or change does not exist")
    ResponseEntity<ComplaintView> raise(@Valid @RequestBody NewComplaint complaint, Authentication caller) {
        Complaint recorded = complaints.raise(complaint, caller.getName());
        return ResponseEntity.created(URI.create("/api/complaints/" + recorded.id())).body(complaints.view(recorded.id()));
    }

    @GetMapping
    @Operation(summary = "List and search complaints, a page at a time",
            description = "Filters combine with AND; a comma list means any of its values. A customer's list holds "
                    + "only the complaints they raised. Same paging, sort and free text as GET /api/incidents.")
    @Parameter(name = "status", in = ParameterIn.QUERY, description = "a ComplaintStatus, or OPEN for every status "
            + "before CLOSED")
    @Parameter(name = "severity", in = ParameterIn.QUERY, description = "HIGH, MEDIUM, LOW")
    @Parameter(name = "serviceId", in = ParameterIn.QUERY)
    @Parameter(name = "customerId", in = ParameterIn.QUERY)
    @Parameter(name = "group", in = ParameterIn.QUERY, description = "owner group")
    @Parameter(name = "reporter", in = ParameterIn.QUERY, description = "user id of who raised it")
    @Parameter(name = "createdFrom", in = ParameterIn.QUERY, description = "raised at or after (date or date-time)")
    @Parameter(name = "createdTo", in = ParameterIn.QUERY, description = "raised before")
    @Parameter(name = "updatedFrom", in = ParameterIn.QUERY, description = "last changed at or after")
    @Parameter(name = "updatedTo", in = ParameterIn.QUERY, description = "last changed before")
    @Parameter(name = "q", in = ParameterIn.QUERY, description = "free text over title and description")
    @Parameter(name = "sort", in = ParameterIn.QUERY, description = "id, created, updated, status, severity, resolutionDue; - before it for descending (default -updated)")
    @Parameter(name = "page", in = ParameterIn.QUERY, description = "page number from 0 (default 0)")
    @Parameter(name = "size", in = ParameterIn.QUERY, description = "items per page, 1..200 (default 20)")
    @ApiResponse(responseCode = "200", description = "the page: items, page, size, total (matches on all pages)")
    @ApiResponse(responseCode = "400", description = "an unknown parameter or a bad value (named in errors)")
    RecordPage<ComplaintListItem> list(
            @Parameter(hidden = true) @RequestParam MultiValueMap<String, String> parameters, Authentication caller) {
        return list.list(parameters, caller);
    }

    @GetMapping("/{id}")
    @Operation(summary = "A complaint with its targets, escalation level, status and journal")
    ComplaintView get(@PathVariable String id, Authentication caller) {
        ComplaintView view = complaints.view(id);
        if (ApiRoles.customerView(caller) && !caller.getName().equals(view.complaint().raisedBy())) {
            // a customer sees their own complaints only; others' are not even confirmed to exist
            throw new NotFoundException("Complaint", id);
        }
        return view;
    }

}
