package org.itsmflow.reporting;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The Grafana dashboard and the Prometheus scrape config in docker/ read the metrics the application serves. */
class MetricsDashboardTest {

    static final List<String> METRICS = List.of("itsm_incidents_open", "itsm_sla_clocks_at_risk",
            "itsm_sla_breaches_total", "itsm_sla_breaches_last24h", "itsm_changes_in_flight");

    @Test
    @DisplayName("R-6.1d the Grafana dashboard has a panel for each metric, all on the provisioned Prometheus data source")
    void dashboardReadsEveryMetric() throws Exception {
        JsonNode dashboard = new ObjectMapper().readTree(Path.of("docker/grafana/itsm-flow-dashboard.json").toFile());
        List<String> expressions = new ArrayList<>();
        dashboard.get("panels").forEach(panel -> {
            assertThat(panel.at("/datasource/uid").asText()).isEqualTo("${datasource}");
            panel.get("targets").forEach(t -> expressions.add(t.get("expr").asText()));
        });
        for (String metric : METRICS) {
            assertThat(expressions).as(metric).anyMatch(e -> e.contains(metric + "{") || e.contains(metric + ")")
                    || e.contains(metric + "["));
        }
        assertThat(Files.readString(Path.of("docker/grafana/provisioning/datasources/prometheus.yaml")))
                .contains("uid: itsm-prometheus", "url: http://prometheus:9090");
    }

    @Test
    @DisplayName("R-6.1d Prometheus scrapes /actuator/prometheus with HTTP Basic credentials from a file")
    void scrapeConfigAuthenticates() throws Exception {
        String config = Files.readString(Path.of("docker/prometheus/prometheus.yml"));
        assertThat(config).contains("metrics_path: /actuator/prometheus", "basic_auth:", "username: prometheus",
                "password_file: /etc/prometheus/metrics-password", "app-1:8080", "app-2:8080");
    }
}
