package org.itsmflow.review;

import java.net.URI;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Service reviews with the customer (R-7.2b): started yearly by the process's timer, or on request here. */
@RestController
@RequestMapping("/api/service-reviews")
@Tag(name = "Service reviews", description = "Yearly service reviews with the customer (ISO/IEC 20000-1 R-7.2b)")
@PreAuthorize("hasAnyAuthority('serviceowners', 'customerrelations', 'camunda-admin')")
class ServiceReviewController {

    private final ServiceReviewService reviews;

    ServiceReviewController(ServiceReviewService reviews) {
        this.reviews = reviews;
    }

    /** Which review to start. */
    @Schema(description = "A service review to start now rather than at the yearly date")
    record NewReview(@Schema(example = "acme") @NotBlank @Size(max = 40) String customerId,
            @Schema(example = "erp") @NotBlank @Size(max = 40) String serviceId) {
    }

    @PostMapping
    @Operation(summary = "Start a service review now", description = "Collects the last year's SLA figures and "
            + "complaints and gives the service owners the tasks to schedule the meeting and record its minutes.")
    @ApiResponse(responseCode = "201", description = "started; Location names the review")
    @ApiResponse(responseCode = "400", description = "a field is missing, or the customer does not use the service")
    @ApiResponse(responseCode = "404", description = "the customer or service does not exist")
    ResponseEntity<ServiceReview> start(@Valid @RequestBody NewReview review) {
        ServiceReview started = reviews.start(review.customerId(), review.serviceId());
        return ResponseEntity.created(URI.create("/api/service-reviews/" + started.id())).body(started);
    }

    @GetMapping("/{id}")
    @Operation(summary = "A service review with its figures, meeting, minutes and the RFC it raised")
    ServiceReview get(@PathVariable String id) {
        return reviews.require(id);
    }
}
