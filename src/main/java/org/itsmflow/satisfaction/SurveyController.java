package org.itsmflow.satisfaction;

import java.security.Principal;
import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirements;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Satisfaction surveys (R-7.2e). {@code /api/surveys/{token}} is the one anonymous endpoint besides health: the
 * one-time token in the link is the credential. The results are for customer relations and service owners.
 */
@RestController
@Tag(name = "Satisfaction", description = "Customer satisfaction surveys after incident closure (ISO/IEC 20000-1 R-7.2e)")
class SurveyController {

    private final SatisfactionService surveys;

    SurveyController(SatisfactionService surveys) {
        this.surveys = surveys;
    }

    @GetMapping("/api/surveys/{token}")
    @SecurityRequirements
    @Operation(summary = "What a survey link asks", description = "Anonymous: the one-time token from the closure "
            + "e-mail is the credential. If credentials are sent, they must be those of the person asked.")
    @ApiResponse(responseCode = "200", description = "the open survey")
    @ApiResponse(responseCode = "404", description = "unknown, superseded or someone else's link")
    @ApiResponse(responseCode = "409", description = "the survey has been answered already")
    @ApiResponse(responseCode = "410", description = "the link has expired")
    SurveyQuestion question(@PathVariable String token, Principal caller) {
        return surveys.question(token, caller == null ? null : caller.getName());
    }

    @PostMapping("/api/surveys/{token}")
    @SecurityRequirements
    @Operation(summary = "Answer a survey", description = "Score 1 (very dissatisfied) to 5 (very satisfied) and an "
            + "optional comment; a link works once. A score of 2 or less opens a follow-up task for customer "
            + "relations.")
    @ApiResponse(responseCode = "200", description = "recorded")
    @ApiResponse(responseCode = "400", description = "the score is missing or not 1–5 (named in errors)")
    @ApiResponse(responseCode = "404", description = "unknown, superseded or someone else's link")
    @ApiResponse(responseCode = "409", description = "the survey has been answered already")
    @ApiResponse(responseCode = "410", description = "the link has expired")
    SurveyReceipt answer(@PathVariable String token, @Valid @RequestBody SurveyAnswer answer, Principal caller) {
        return surveys.answer(token, answer, caller == null ? null : caller.getName());
    }

    @GetMapping("/api/satisfaction")
    @PreAuthorize("hasAnyAuthority('customerrelations', 'serviceowners', 'camunda-admin')")
    @Operation(summary = "Survey answers per service and customer", description = "Newest first; both filters are "
            + "optional. For customer relations and service owners.")
    List<SurveyResult> results(@RequestParam(required = false) String serviceId,
            @RequestParam(required = false) String customerId) {
        return surveys.results(serviceId, customerId).stream().map(SurveyResult::of).toList();
    }

    @GetMapping("/api/satisfaction/summary")
    @PreAuthorize("hasAnyAuthority('customerrelations', 'serviceowners', 'camunda-admin')")
    @Operation(summary = "Satisfaction per service and customer in a period", description = "Number of answers, "
            + "average score and low scores (2 or less) of the surveys answered in [from, to).")
    @ApiResponse(responseCode = "400", description = "from or to is missing or not an ISO-8601 instant, or to is not "
            + "after from")
    List<SatisfactionSummary> summary(@RequestParam(required = false) java.time.Instant from,
            @RequestParam(required = false) java.time.Instant to) {
        return surveys.summary(from, to);
    }

    /** One answered survey as the results list shows it (the respondent's comment, never the token). */
    record SurveyResult(String id, String incidentId, String serviceId, String customerId, String respondent,
            int score, String comment, java.time.Instant answeredAt, String followUpOutcome, String followUpNote) {
        static SurveyResult of(Survey s) {
            return new SurveyResult(s.id(), s.incidentId(), s.serviceId(), s.customerId(), s.respondent(), s.score(),
                    s.comment(), s.answeredAt(), s.followUpOutcome(), s.followUpNote());
        }
    }
}
