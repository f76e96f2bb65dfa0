package org.itsmflow.event;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * What Prometheus Alertmanager posts to a {@code webhook_config} receiver, payload version 4: a group of alerts
 * with the labels and annotations they share, and each alert with its own status, labels, times and fingerprint.
 * Fields a later Alertmanager adds are ignored (unlike our own API's bodies): the sender is not ours to change, and
 * refusing its payload would lose the alerts.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@Schema(description = "Alertmanager webhook payload (version 4)")
public record AlertmanagerWebhook(
        @Schema(example = "4") @NotBlank @Pattern(regexp = "4", message = "must be 4 (Alertmanager webhook payload version 4)")
        String version,
        @Schema(example = "{}:{alertname=\"InstanceDown\"}") @Size(max = 2000) String groupKey,
        @Schema(example = "0") Integer truncatedAlerts,
        @Schema(example = "firing") @Pattern(regexp = "firing|resolved", message = "must be firing or resolved")
        String status,
        @Schema(example = "itsm-flow") @Size(max = 200) String receiver,
        Map<String, String> groupLabels,
        Map<String, String> commonLabels,
        Map<String, String> commonAnnotations,
        @Schema(example = "http://alertmanager:9093") @Size(max = 1000) String externalURL,
        @NotEmpty @Size(max = 1000) List<@Valid @NotNull Alert> alerts) {

    /** One alert of the group. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @Schema(description = "An alert")
    public record Alert(
            @Schema(example = "firing") @NotBlank @Pattern(regexp = "firing|resolved",
                    message = "must be firing or resolved") String status,
            @Schema(example = "{\"alertname\": \"InstanceDown\", \"severity\": \"critical\", \"ci\": \"APP-ERP\"}")
            @NotEmpty Map<@Size(max = 200) String, @Size(max = 1000) String> labels,
            Map<@Size(max = 200) String, @Size(max = 4000) String> annotations,
            @Schema(example = "2026-12-06T09:10:00Z") OffsetDateTime startsAt,
            @Schema(example = "0001-01-01T00:00:00Z") OffsetDateTime endsAt,
            @Size(max = 1000) String generatorURL,
            @Schema(example = "c6eadffa33fcdf37") @NotBlank @Size(max = 64) String fingerprint) {

        String label(String name) {
            String value = labels == null ? null : labels.get(name);
            return value == null || value.isBlank() ? null : value.trim();
        }

        String annotation(String name) {
            String value = annotations == null ? null : annotations.get(name);
            return value == null || value.isBlank() ? null : value.trim();
        }

        boolean firing() {
            return "firing".equals(status);
        }
    }
}
