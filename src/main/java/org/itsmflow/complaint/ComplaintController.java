package org.itsmflow.complaint;

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

    ComplaintController(ComplaintService complaints) {
        this.complaints = complaints;
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
