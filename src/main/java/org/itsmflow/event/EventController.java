package org.itsmflow.event;

import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import org.itsmflow.event.AlertResult.Outcome;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Incidents from monitoring systems (R-8.2a): Prometheus Alertmanager's webhook receiver. */
@RestController
@RequestMapping("/api/events")
@Tag(name = "Events", description = "Incidents from monitoring alerts (ISO/IEC 20000-1 clause 8.2)")
class EventController {

    private final EventIntake intake;

    EventController(EventIntake intake) {
        this.intake = intake;
    }

    /** What became of a delivery: counts per outcome and each alert's outcome, in the order received. */
    @Schema(description = "What became of the alerts of one delivery")
    record Delivery(int received, Map<Outcome, Long> outcomes, List<AlertResult> alerts) {
    }

    @PostMapping("/alertmanager")
    @PreAuthorize("hasAnyAuthority('monitoring', 'camunda-admin')")
    @Operation(summary = "Receive alerts from Prometheus Alertmanager (webhook_config, payload version 4)",
            description = "Each alert is classified by the DMN tables EventClassification and EventService; an alert "
                    + "already attached to an open incident is counted, one of the same name on the same CI or on a "
                    + "CI that depends on a failing CI is attached to that CI's incident, any other opens an incident "
                    + "like POST /api/incidents. A resolved alert is noted on its incident, which is resolved through "
                    + "its process once all its alerts cleared (where the table says so). Re-delivery is harmless.")
    @ApiResponse(responseCode = "200", description = "every alert taken in; the body says what became of each")
    @ApiResponse(responseCode = "400", description = "the payload is not Alertmanager's version 4 (field named)")
    @ApiResponse(responseCode = "403", description = "the caller is neither in group monitoring nor an administrator")
    Delivery alertmanager(@Valid @RequestBody AlertmanagerWebhook webhook, Authentication caller) {
        List<AlertResult> results = intake.receive(webhook, caller.getName());
        return new Delivery(results.size(), EventIntake.count(results), results);
    }
}
