package org.itsmflow.management;

import java.net.URI;
import java.util.Arrays;
import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.itsmflow.platform.EngineUser;
import org.itsmflow.platform.InvalidFieldException;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Management reviews: held every six months by the process's timer, or asked for out of turn here. Read by
 * those who govern the service management system — service owners, the managers' groups, internal auditors and
 * administrators; customers and front-line staff never. Only service owners and administrators start one.
 */
@RestController
@RequestMapping("/api/management-reviews")
@Tag(name = "Management reviews", description = "Management reviews of the service management system at planned "
        + "intervals, with their inputs, minutes and decisions (ISO/IEC 20000-1 R-3.1, R-4.4)")
@PreAuthorize(ManagementReviewController.READERS)
class ManagementReviewController {

    /** The managers' groups, the internal auditors and the administrators. */
    static final String READERS = "hasAnyAuthority('serviceowners', 'majorincident', 'customerrelations', "
            + "'changemanagers', 'releasemanagers', 'auditors', 'camunda-admin')";
    /** Top management of the service: the service owners, and the administrators. */
    static final String STARTERS = "hasAnyAuthority('serviceowners', 'camunda-admin')";
    static final int MAX_LIMIT = 200;

    private final ManagementReviewService reviews;
    private final EngineUser engineUser;

    ManagementReviewController(ManagementReviewService reviews, EngineUser engineUser) {
        this.reviews = reviews;
        this.engineUser = engineUser;
    }

    /** Why a review is wanted now. */
    @Schema(description = "A management review to start now rather than at the next planned date")
    record NewManagementReview(
            @Schema(example = "Two major incidents on the ERP service this month", requiredMode =
                    Schema.RequiredMode.REQUIRED, maxLength = 1000, description = "why a review is needed now")
            String reason) {
    }

    @GetMapping
    @Operation(summary = "List management reviews, newest first", description = "Filter by status (OPEN, HELD).")
    @ApiResponse(responseCode = "400", description = "an unknown status or a limit outside 1–200")
    List<ManagementReview> list(
            @Parameter(description = "OPEN or HELD") @RequestParam(required = false) String status,
            @Parameter(description = "at most this many, 1–200") @RequestParam(defaultValue = "50") int limit) {
        ManagementReviewStatus wanted = null;
        if (status != null && !status.isBlank()) {
            wanted = Arrays.stream(ManagementReviewStatus.values()).filter(s -> s.name().equals(status.strip()))
                    .findFirst().orElseThrow(() -> new InvalidFieldException("status", "must be OPEN or HELD"));
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new InvalidFieldException("limit", "must be between 1 and " + MAX_LIMIT);
        }
        return reviews.list(wanted, limit);
    }

    @GetMapping("/{id}")
    @Operation(summary = "A management review with its inputs, attendees, minutes and decisions")
    @ApiResponse(responseCode = "404", description = "no management review has this id")
    ManagementReview get(@PathVariable String id) {
        return reviews.require(id);
    }

    @PostMapping
    @PreAuthorize(STARTERS)
    @Operation(summary = "Start a management review now", description = "Records the review, gathers the inputs of "
            + "the six months up to now (conformance, SLA performance, incidents, changes, complaints and "
            + "satisfaction, open audit findings, improvements, the previous review's decisions) and gives the "
            + "service owners the task to hold it. Service owners and administrators only.")
    @ApiResponse(responseCode = "201", description = "started; Location names the review")
    @ApiResponse(responseCode = "400", description = "the reason is missing or longer than 1000 characters")
    @ApiResponse(responseCode = "403", description = "the caller is not a service owner or administrator")
    ResponseEntity<ManagementReview> start(@RequestBody(required = false) NewManagementReview request) {
        // the reason is checked by the service, after the role check, so a caller without the right gets a 403
        // whatever the body
        ManagementReview started = reviews.request(engineUser.actor(), request == null ? null : request.reason());
        return ResponseEntity.created(URI.create("/api/management-reviews/" + started.id())).body(started);
    }
}
